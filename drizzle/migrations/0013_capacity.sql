CREATE TABLE "capacity_declarations" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"week" text NOT NULL,
	"capacity" numeric(14, 3) NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "capacity_declarations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "capacity_history" (
	"tenant_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "capacity_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"partner_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"week" text NOT NULL,
	"previous" numeric(14, 3),
	"capacity" numeric(14, 3) NOT NULL,
	"source" text NOT NULL,
	"changed_by" uuid,
	"changed_by_name" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capacity_history_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "tenant_settings" ADD COLUMN "capacity_max_age_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "capacity_declarations" ADD CONSTRAINT "capacity_declarations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_declarations" ADD CONSTRAINT "capacity_declarations_tenant_id_facility_id_facilities_tenant_id_id_fk" FOREIGN KEY ("tenant_id","facility_id") REFERENCES "public"."facilities"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_history" ADD CONSTRAINT "capacity_history_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "capacity_declarations_tenant_cell_key" ON "capacity_declarations" USING btree ("tenant_id","facility_id","resource","week");--> statement-breakpoint
CREATE INDEX "capacity_declarations_tenant_partner_idx" ON "capacity_declarations" USING btree ("tenant_id","partner_id","week");--> statement-breakpoint
CREATE INDEX "capacity_declarations_tenant_week_idx" ON "capacity_declarations" USING btree ("tenant_id","week","facility_id");--> statement-breakpoint
CREATE INDEX "capacity_history_tenant_facility_idx" ON "capacity_history" USING btree ("tenant_id","facility_id","id");--> statement-breakpoint
CREATE INDEX "capacity_history_tenant_partner_idx" ON "capacity_history" USING btree ("tenant_id","partner_id","id");