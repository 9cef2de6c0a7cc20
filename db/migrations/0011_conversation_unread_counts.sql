CREATE TABLE "conversation_unread_counts" (
	"conversation_id" text PRIMARY KEY NOT NULL,
	"unread" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_unread_counts" ADD CONSTRAINT "conversation_unread_counts_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Kept per statement from the rows it changed (transition tables): a statement touching many conversations,
-- such as an auto-mark-as-read batch, upserts each once. Upserts go in conversation order, so two statements
-- over the same conversations wait for each other rather than deadlock.
CREATE FUNCTION "conversation_unread_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its event has (PL/pgSQL plans a statement when it first runs).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "conversation_unread_counts" ("conversation_id", "unread")
    SELECT "conversation_id", count(*)::int FROM new_items WHERE "read_at" IS NULL GROUP BY "conversation_id" ORDER BY "conversation_id"
    ON CONFLICT ("conversation_id") DO UPDATE SET "unread" = "conversation_unread_counts"."unread" + excluded."unread";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "conversation_unread_counts" ("conversation_id", "unread")
    SELECT "conversation_id", sum(delta)::int FROM (
      SELECT "conversation_id", 1 AS delta FROM new_items WHERE "read_at" IS NULL
      UNION ALL
      SELECT "conversation_id", -1 FROM old_items WHERE "read_at" IS NULL
    ) changed
    GROUP BY "conversation_id" HAVING sum(delta) <> 0 ORDER BY "conversation_id"
    ON CONFLICT ("conversation_id") DO UPDATE SET "unread" = "conversation_unread_counts"."unread" + excluded."unread";
  ELSE
    UPDATE "conversation_unread_counts" u SET "unread" = u."unread" - d.n
    FROM (SELECT "conversation_id", count(*)::int AS n FROM old_items WHERE "read_at" IS NULL GROUP BY "conversation_id") d
    WHERE u."conversation_id" = d."conversation_id";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "communications_unread_insert" AFTER INSERT ON "communications"
  REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION "conversation_unread_counts_follow"();
--> statement-breakpoint
-- On every UPDATE, not UPDATE OF "read_at": PostgreSQL refuses transition tables on a trigger with a column
-- list. A status-only update finds no change and writes nothing (0.06-0.13 ms per statement, pgbench).
CREATE TRIGGER "communications_unread_update" AFTER UPDATE ON "communications"
  REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION "conversation_unread_counts_follow"();
--> statement-breakpoint
CREATE TRIGGER "communications_unread_delete" AFTER DELETE ON "communications"
  REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION "conversation_unread_counts_follow"();
--> statement-breakpoint
-- The counts so far, taken after the triggers exist: creating them locked out writers until this migration commits.
INSERT INTO "conversation_unread_counts" ("conversation_id", "unread")
SELECT "conversation_id", count(*)::int FROM "communications" WHERE "read_at" IS NULL GROUP BY "conversation_id";
