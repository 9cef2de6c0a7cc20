CREATE TABLE "auto_replies" (
	"conversation_id" text NOT NULL,
	"local_date" text NOT NULL,
	"message_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auto_replies_conversation_id_local_date_pk" PRIMARY KEY("conversation_id","local_date")
);
--> statement-breakpoint
CREATE TABLE "message_statuses" (
	"message_id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "auto_replies" ADD CONSTRAINT "auto_replies_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;