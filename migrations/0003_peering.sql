CREATE TABLE "peer_cursors" (
	"peer" text PRIMARY KEY NOT NULL,
	"cursor" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" text NOT NULL,
	"peer" text NOT NULL,
	"local_delta" jsonb NOT NULL,
	"remote_delta" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarantine_id_peer_pk" PRIMARY KEY("id","peer")
);
