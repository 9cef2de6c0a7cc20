CREATE TABLE "inbox_policies" (
	"inbox_id" text NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"document" jsonb NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_policies_inbox_id_name_pk" PRIMARY KEY("inbox_id","name")
);
--> statement-breakpoint
ALTER TABLE "inbox_policies" ADD CONSTRAINT "inbox_policies_inbox_id_inboxes_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."inboxes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_policies" ADD CONSTRAINT "inbox_policies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;