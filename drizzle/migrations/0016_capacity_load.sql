CREATE TABLE "forecast_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"forecast_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"week" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"committed_quantity" numeric(14, 3),
	"comment" text DEFAULT '' NOT NULL,
	CONSTRAINT "forecast_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "forecasts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"responded_at" timestamp with time zone,
	"responded_by" uuid,
	"response_note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forecasts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "item_resources" (
	"tenant_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_resources_tenant_id_partner_id_item_id_pk" PRIMARY KEY("tenant_id","partner_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "po_lines" ADD COLUMN "capacity_facility_id" uuid;--> statement-breakpoint
ALTER TABLE "po_lines" ADD COLUMN "capacity_resource" text;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "over_commitment" jsonb;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD COLUMN "over_committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "forecast_lines" ADD CONSTRAINT "forecast_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_lines" ADD CONSTRAINT "forecast_lines_tenant_id_forecast_id_forecasts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","forecast_id") REFERENCES "public"."forecasts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_lines" ADD CONSTRAINT "forecast_lines_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecasts" ADD CONSTRAINT "forecasts_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_resources" ADD CONSTRAINT "item_resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_resources" ADD CONSTRAINT "item_resources_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_resources" ADD CONSTRAINT "item_resources_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_resources" ADD CONSTRAINT "item_resources_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_lines_tenant_cell_key" ON "forecast_lines" USING btree ("tenant_id","forecast_id","item_id","week");--> statement-breakpoint
CREATE INDEX "forecast_lines_tenant_partner_idx" ON "forecast_lines" USING btree ("tenant_id","partner_id","week");--> statement-breakpoint
CREATE UNIQUE INDEX "forecasts_tenant_number_key" ON "forecasts" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "forecasts_tenant_created_idx" ON "forecasts" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "forecasts_tenant_partner_idx" ON "forecasts" USING btree ("tenant_id","partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "item_resources_tenant_facility_idx" ON "item_resources" USING btree ("tenant_id","facility_id","resource");--> statement-breakpoint
ALTER TABLE "po_lines" ADD CONSTRAINT "po_lines_tenant_id_capacity_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","capacity_facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "po_lines_tenant_committed_idx" ON "po_lines" USING btree ("tenant_id","committed_date") WHERE NOT cancelled AND committed_date IS NOT NULL;