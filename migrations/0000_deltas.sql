CREATE TABLE "deltas" (
	"position" bigint GENERATED ALWAYS AS IDENTITY (sequence name "deltas_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" text PRIMARY KEY NOT NULL,
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"creator" text NOT NULL,
	"host" text NOT NULL,
	"time_created" bigint NOT NULL,
	"pointers" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "deltas_feed_idx" ON "deltas" USING btree ("txid","position");--> statement-breakpoint
CREATE INDEX "deltas_pointers_idx" ON "deltas" USING gin ("pointers" jsonb_path_ops) WITH (gin_pending_list_limit=256);