CREATE TABLE "po_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"po_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"item_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"uom" text NOT NULL,
	"unit_price" numeric(14, 4) NOT NULL,
	"requested_date" date NOT NULL,
	"first_committed_date" date,
	"committed_date" date,
	"shipped_date" date,
	"received_date" date,
	"quantity_shipped" numeric(14, 3) DEFAULT '0' NOT NULL,
	"quantity_received" numeric(14, 3) DEFAULT '0' NOT NULL,
	"cancelled" boolean DEFAULT false NOT NULL,
	"response_code" text,
	"response_reason" text,
	"proposed_quantity" numeric(14, 3),
	"proposed_unit_price" numeric(14, 4),
	"proposed_date" date,
	CONSTRAINT "po_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "po_revisions" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"po_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "po_revisions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "purchase_orders" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"ship_to_facility_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"incoterms" text NOT NULL,
	"payment_terms" text DEFAULT '' NOT NULL,
	"order_type" text DEFAULT 'standard' NOT NULL,
	"priority" integer DEFAULT 3 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"issued_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"cancel_reason" text,
	"over_committed" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "purchase_orders_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"po_id" uuid NOT NULL,
	"po_line_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"received_on" date NOT NULL,
	"flag" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ship_notice_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"ship_notice_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"carrier_partner_id" uuid NOT NULL,
	"po_id" uuid NOT NULL,
	"po_line_id" uuid NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"po_number" text NOT NULL,
	"line_no" integer NOT NULL,
	"item_code" text NOT NULL,
	"item_description" text NOT NULL,
	"uom" text NOT NULL,
	CONSTRAINT "ship_notice_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "ship_notices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"carrier_partner_id" uuid NOT NULL,
	"partner_name" text NOT NULL,
	"carrier_name" text NOT NULL,
	"ship_to_facility_id" uuid NOT NULL,
	"tracking_number" text NOT NULL,
	"ready_date" date NOT NULL,
	"pickup_window" text NOT NULL,
	"packages" integer NOT NULL,
	"gross_weight_kg" numeric(12, 2) NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ship_notices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "tenant_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"receipt_tolerance_pct" numeric(5, 2) DEFAULT '5' NOT NULL,
	"ack_due_hours" integer DEFAULT 48 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "po_lines" ADD CONSTRAINT "po_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "po_lines" ADD CONSTRAINT "po_lines_tenant_id_po_id_purchase_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","po_id") REFERENCES "public"."purchase_orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "po_lines" ADD CONSTRAINT "po_lines_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "po_revisions" ADD CONSTRAINT "po_revisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "po_revisions" ADD CONSTRAINT "po_revisions_tenant_id_po_id_purchase_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","po_id") REFERENCES "public"."purchase_orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "purchase_orders" ADD CONSTRAINT "purchase_orders_tenant_id_ship_to_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_to_facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_tenant_id_po_line_id_po_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","po_line_id") REFERENCES "public"."po_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notice_lines" ADD CONSTRAINT "ship_notice_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notice_lines" ADD CONSTRAINT "ship_notice_lines_tenant_id_ship_notice_id_ship_notices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_notice_id") REFERENCES "public"."ship_notices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notice_lines" ADD CONSTRAINT "ship_notice_lines_tenant_id_po_line_id_po_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","po_line_id") REFERENCES "public"."po_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_tenant_id_carrier_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","carrier_partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_tenant_id_ship_to_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_to_facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD CONSTRAINT "tenant_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "po_lines_tenant_po_line_key" ON "po_lines" USING btree ("tenant_id","po_id","line_no");--> statement-breakpoint
CREATE INDEX "po_lines_tenant_item_idx" ON "po_lines" USING btree ("tenant_id","item_id");--> statement-breakpoint
CREATE INDEX "po_lines_tenant_partner_idx" ON "po_lines" USING btree ("tenant_id","partner_id","po_id");--> statement-breakpoint
CREATE UNIQUE INDEX "po_revisions_tenant_po_revision_key" ON "po_revisions" USING btree ("tenant_id","po_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "purchase_orders_tenant_number_key" ON "purchase_orders" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "purchase_orders_tenant_status_idx" ON "purchase_orders" USING btree ("tenant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "purchase_orders_tenant_partner_idx" ON "purchase_orders" USING btree ("tenant_id","partner_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "purchase_orders_tenant_created_idx" ON "purchase_orders" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "receipts_tenant_po_line_idx" ON "receipts" USING btree ("tenant_id","po_line_id");--> statement-breakpoint
CREATE INDEX "receipts_tenant_po_idx" ON "receipts" USING btree ("tenant_id","po_id");--> statement-breakpoint
CREATE INDEX "ship_notice_lines_tenant_notice_idx" ON "ship_notice_lines" USING btree ("tenant_id","ship_notice_id");--> statement-breakpoint
CREATE INDEX "ship_notice_lines_tenant_po_line_idx" ON "ship_notice_lines" USING btree ("tenant_id","po_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ship_notices_tenant_number_key" ON "ship_notices" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "ship_notices_tenant_partner_idx" ON "ship_notices" USING btree ("tenant_id","partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ship_notices_tenant_carrier_idx" ON "ship_notices" USING btree ("tenant_id","carrier_partner_id","ready_date","id");