CREATE TABLE "count_reasons" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "count_reasons_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inventory_balances" (
	"tenant_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot" text DEFAULT '' NOT NULL,
	"partner_id" uuid NOT NULL,
	"quantity" numeric(14, 3) DEFAULT '0' NOT NULL,
	"last_movement_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_balances_tenant_id_facility_id_item_id_lot_pk" PRIMARY KEY("tenant_id","facility_id","item_id","lot")
);
--> statement-breakpoint
CREATE TABLE "inventory_movements" (
	"tenant_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "inventory_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"partner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"moved_on" date NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"count_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inventory_movements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_count_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"count_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"lot" text DEFAULT '' NOT NULL,
	"abc_class" text NOT NULL,
	"status" text DEFAULT 'counted' NOT NULL,
	"counted" numeric(14, 3),
	"book_snapshot" numeric(14, 3),
	"book_snapshot_movement_id" bigint,
	"recounted" numeric(14, 3),
	"recount_book_snapshot" numeric(14, 3),
	"recount_snapshot_movement_id" bigint,
	"tolerance_pct" numeric(5, 2),
	"variance_units" numeric(14, 3),
	"variance_pct" numeric(9, 2),
	"variance_value" numeric(16, 2),
	"within_tolerance" boolean,
	"first_within_tolerance" boolean,
	"reason_id" uuid,
	"root_cause" text,
	"decision_comment" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"adjustment_movement_id" bigint,
	CONSTRAINT "stock_count_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"abc_class" text,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"reminded_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_counts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_tolerance_pct_a" numeric(5, 2) DEFAULT '1' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_tolerance_pct_b" numeric(5, 2) DEFAULT '3' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_tolerance_pct_c" numeric(5, 2) DEFAULT '5' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_frequency_months_a" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_frequency_months_b" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_frequency_months_c" integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "count_reminder_days" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "cover_threshold_days" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "count_reasons" ADD CONSTRAINT "count_reasons_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_balances" ADD CONSTRAINT "inventory_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_balances" ADD CONSTRAINT "inventory_balances_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_balances" ADD CONSTRAINT "inventory_balances_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_tenant_id_count_id_stock_counts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","count_id") REFERENCES "public"."stock_counts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "count_reasons_tenant_code_key" ON "count_reasons" USING btree ("tenant_id",lower("code"));--> statement-breakpoint
CREATE INDEX "inventory_balances_tenant_partner_idx" ON "inventory_balances" USING btree ("tenant_id","partner_id","facility_id");--> statement-breakpoint
CREATE INDEX "inventory_movements_tenant_stock_idx" ON "inventory_movements" USING btree ("tenant_id","facility_id","item_id","lot","moved_on");--> statement-breakpoint
CREATE INDEX "inventory_movements_tenant_partner_idx" ON "inventory_movements" USING btree ("tenant_id","partner_id","id");--> statement-breakpoint
CREATE INDEX "inventory_movements_tenant_kind_idx" ON "inventory_movements" USING btree ("tenant_id","kind","moved_on");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_count_lines_tenant_item_key" ON "stock_count_lines" USING btree ("tenant_id","count_id","item_id","lot");--> statement-breakpoint
CREATE INDEX "stock_count_lines_tenant_partner_idx" ON "stock_count_lines" USING btree ("tenant_id","partner_id","count_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_counts_tenant_number_key" ON "stock_counts" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "stock_counts_tenant_due_idx" ON "stock_counts" USING btree ("tenant_id","status","due_on","id");--> statement-breakpoint
CREATE INDEX "stock_counts_tenant_partner_idx" ON "stock_counts" USING btree ("tenant_id","partner_id","due_on","id");--> statement-breakpoint
CREATE INDEX "stock_counts_tenant_facility_idx" ON "stock_counts" USING btree ("tenant_id","facility_id","completed_at");