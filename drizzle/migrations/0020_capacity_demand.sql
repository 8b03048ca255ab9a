CREATE TABLE "capacity_demand" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"facility_id" uuid,
	"resource" text,
	"week" text NOT NULL,
	"demand" numeric(18, 3) NOT NULL,
	"lines" integer NOT NULL,
	CONSTRAINT "capacity_demand_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "capacity_demand_tenant_key" UNIQUE NULLS NOT DISTINCT("tenant_id","partner_id","week","facility_id","resource")
);
--> statement-breakpoint
ALTER TABLE "capacity_demand" ADD CONSTRAINT "capacity_demand_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_demand" ADD CONSTRAINT "capacity_demand_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_demand_tenant_week_idx" ON "capacity_demand" USING btree ("tenant_id","week","facility_id","resource");