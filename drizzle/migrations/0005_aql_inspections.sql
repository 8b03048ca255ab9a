CREATE TABLE "defect_types" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"defect_class" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defect_types_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_defects" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"defect_type_id" uuid NOT NULL,
	"defect_class" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "inspection_defects_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_measurements" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"characteristic" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"min_value" numeric(14, 4),
	"max_value" numeric(14, 4),
	"value" numeric(14, 4) NOT NULL,
	"within_spec" boolean NOT NULL,
	CONSTRAINT "inspection_measurements_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_photos" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_key" text NOT NULL,
	"file_name" text NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_photos_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"ship_notice_id" uuid,
	"ship_notice_line_id" uuid,
	"lot_number" text DEFAULT '' NOT NULL,
	"lot_size" integer NOT NULL,
	"resubmission" boolean DEFAULT false NOT NULL,
	"level" text NOT NULL,
	"severity" text NOT NULL,
	"plans" jsonb NOT NULL,
	"units_inspected" integer,
	"notes" text DEFAULT '' NOT NULL,
	"computed_verdict" text,
	"final_verdict" text,
	"override_reason" text,
	"inspector_id" uuid,
	"inspector_name" text,
	"inspected_at" timestamp with time zone,
	"signed_off_by" uuid,
	"signed_off_name" text,
	"signed_off_at" timestamp with time zone,
	"escalation" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "item_aql_overrides" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"aql_level" text,
	"aql_critical" text,
	"aql_major" text,
	"aql_minor" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_aql_overrides_tenant_id_item_id_pk" PRIMARY KEY("tenant_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "switching_events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"switching_state_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"event" text NOT NULL,
	"inspection_id" uuid,
	"from_severity" text NOT NULL,
	"to_severity" text NOT NULL,
	"switching_score" integer NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "switching_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "switching_states" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"severity" text DEFAULT 'normal' NOT NULL,
	"discontinued" boolean DEFAULT false NOT NULL,
	"state" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "switching_states_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "aql_level" text DEFAULT 'II' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "aql_critical" text DEFAULT '0.065' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "aql_major" text DEFAULT '2.5' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "aql_minor" text DEFAULT '4.0' NOT NULL;--> statement-breakpoint
ALTER TABLE "defect_types" ADD CONSTRAINT "defect_types_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_tenant_id_inspection_id_inspections_tenant_id_id_fk" FOREIGN KEY ("tenant_id","inspection_id") REFERENCES "public"."inspections"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_defects" ADD CONSTRAINT "inspection_defects_tenant_id_defect_type_id_defect_types_tenant_id_id_fk" FOREIGN KEY ("tenant_id","defect_type_id") REFERENCES "public"."defect_types"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_measurements" ADD CONSTRAINT "inspection_measurements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_measurements" ADD CONSTRAINT "inspection_measurements_tenant_id_inspection_id_inspections_tenant_id_id_fk" FOREIGN KEY ("tenant_id","inspection_id") REFERENCES "public"."inspections"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_photos" ADD CONSTRAINT "inspection_photos_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_photos" ADD CONSTRAINT "inspection_photos_tenant_id_inspection_id_inspections_tenant_id_id_fk" FOREIGN KEY ("tenant_id","inspection_id") REFERENCES "public"."inspections"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_tenant_id_ship_notice_line_id_ship_notice_lines_tenant_id_id_fk" FOREIGN KEY ("tenant_id","ship_notice_line_id") REFERENCES "public"."ship_notice_lines"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_aql_overrides" ADD CONSTRAINT "item_aql_overrides_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_aql_overrides" ADD CONSTRAINT "item_aql_overrides_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switching_events" ADD CONSTRAINT "switching_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switching_events" ADD CONSTRAINT "switching_events_tenant_id_switching_state_id_switching_states_tenant_id_id_fk" FOREIGN KEY ("tenant_id","switching_state_id") REFERENCES "public"."switching_states"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switching_states" ADD CONSTRAINT "switching_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switching_states" ADD CONSTRAINT "switching_states_tenant_id_partner_id_partners_tenant_id_id_fk" FOREIGN KEY ("tenant_id","partner_id") REFERENCES "public"."partners"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "switching_states" ADD CONSTRAINT "switching_states_tenant_id_item_id_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","item_id") REFERENCES "public"."items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "defect_types_tenant_code_key" ON "defect_types" USING btree ("tenant_id",lower("code"));--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_defects_tenant_type_key" ON "inspection_defects" USING btree ("tenant_id","inspection_id","defect_type_id");--> statement-breakpoint
CREATE INDEX "inspection_measurements_tenant_inspection_idx" ON "inspection_measurements" USING btree ("tenant_id","inspection_id","position");--> statement-breakpoint
CREATE INDEX "inspection_photos_tenant_inspection_idx" ON "inspection_photos" USING btree ("tenant_id","inspection_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_tenant_number_key" ON "inspections" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "inspections_tenant_created_idx" ON "inspections" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "inspections_tenant_status_idx" ON "inspections" USING btree ("tenant_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "inspections_tenant_partner_idx" ON "inspections" USING btree ("tenant_id","partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "inspections_tenant_partner_item_idx" ON "inspections" USING btree ("tenant_id","partner_id","item_id","signed_off_at");--> statement-breakpoint
CREATE INDEX "inspections_tenant_ship_notice_line_idx" ON "inspections" USING btree ("tenant_id","ship_notice_line_id");--> statement-breakpoint
CREATE INDEX "inspections_tenant_signed_off_idx" ON "inspections" USING btree ("tenant_id","kind","status","signed_off_at");--> statement-breakpoint
CREATE INDEX "inspections_tenant_escalation_idx" ON "inspections" USING btree ("tenant_id","escalation","signed_off_at") WHERE escalation is not null;--> statement-breakpoint
CREATE INDEX "switching_events_tenant_state_idx" ON "switching_events" USING btree ("tenant_id","switching_state_id","at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "switching_states_tenant_partner_item_key" ON "switching_states" USING btree ("tenant_id","partner_id","item_id");--> statement-breakpoint
CREATE INDEX "switching_states_tenant_updated_idx" ON "switching_states" USING btree ("tenant_id","updated_at","id");