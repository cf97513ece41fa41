CREATE TABLE "projection_checkpoints" (
	"table_name" text PRIMARY KEY NOT NULL,
	"type_name" text NOT NULL,
	"shape" text NOT NULL,
	"txid" "xid8" DEFAULT '0'::xid8 NOT NULL,
	"position" bigint DEFAULT 0 NOT NULL,
	"members" bigint DEFAULT 0 NOT NULL,
	"deltas" bigint DEFAULT 0 NOT NULL,
	"ready" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deltas_creator_idx" ON "deltas" USING btree ("creator","txid","position");--> statement-breakpoint
CREATE INDEX "deltas_time_idx" ON "deltas" USING btree ("time_created","txid","position");