CREATE TABLE "workflow_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"inbox_id" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "inbox_members" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_outbox" ADD CONSTRAINT "workflow_outbox_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_outbox_inbox_id_index" ON "workflow_outbox" USING btree ("inbox_id");--> statement-breakpoint
-- Backfill: a shared inbox linked to a team has the team's members as connected users; existing members stay as they are.
INSERT INTO "inbox_members" ("inbox_id", "user_id", "org_id", "role", "position", "source")
SELECT i."id", tm."user_id", i."org_id", 'connected', 0, 'team'
FROM "inboxes" i JOIN "team_members" tm ON tm."team_id" = i."team_id"
WHERE i."kind" = 'shared'
ON CONFLICT ("inbox_id", "user_id") DO NOTHING;
