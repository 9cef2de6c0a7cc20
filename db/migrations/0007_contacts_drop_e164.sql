DROP INDEX "contacts_org_id_e164_index";--> statement-breakpoint
ALTER TABLE "contacts" DROP COLUMN "e164";