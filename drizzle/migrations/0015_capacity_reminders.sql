CREATE TABLE "capacity_reminders" (
	"tenant_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"reminded_on" date NOT NULL,
	CONSTRAINT "capacity_reminders_tenant_id_partner_id_pk" PRIMARY KEY("tenant_id","partner_id")
);
--> statement-breakpoint
ALTER TABLE "capacity_reminders" ADD CONSTRAINT "capacity_reminders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_reminders" ADD CONSTRAINT "capacity_reminders_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON capacity_reminders TO portal_app;
--> statement-breakpoint
ALTER TABLE capacity_reminders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE capacity_reminders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner may see when it was reminded; only the system step (as staff) records it
CREATE POLICY capacity_reminders_read ON capacity_reminders FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY capacity_reminders_write ON capacity_reminders FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
