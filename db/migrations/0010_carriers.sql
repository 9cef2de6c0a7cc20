CREATE TABLE "carrier_accounts" (
	"org_id" text NOT NULL,
	"carrier" text NOT NULL,
	"credentials" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carrier_accounts_org_id_carrier_pk" PRIMARY KEY("org_id","carrier")
);
--> statement-breakpoint
CREATE TABLE "carrier_call_legs" (
	"call_id" text NOT NULL,
	"user_id" text NOT NULL,
	"leg_id" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carrier_call_legs_call_id_leg_id_pk" PRIMARY KEY("call_id","leg_id")
);
--> statement-breakpoint
CREATE TABLE "carrier_calls" (
	"call_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"carrier" text NOT NULL,
	"number" text NOT NULL,
	"caller_leg" text,
	"connection_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_numbers" ADD COLUMN "carrier" text DEFAULT 'native' NOT NULL;--> statement-breakpoint
ALTER TABLE "carrier_accounts" ADD CONSTRAINT "carrier_accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_call_legs" ADD CONSTRAINT "carrier_call_legs_call_id_carrier_calls_call_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."carrier_calls"("call_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carrier_calls" ADD CONSTRAINT "carrier_calls_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;