DROP INDEX "inspections_tenant_signed_off_idx";--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "defects_found" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "inspections_tenant_verdict_idx" ON "inspections" USING btree ("tenant_id","final_verdict","created_at","id");--> statement-breakpoint
-- covering indexes for the scorecard measures (index-only scans): all partners, and one partner
CREATE INDEX "inspections_tenant_measures_idx" ON "inspections" USING btree ("tenant_id","kind","status","signed_off_at") INCLUDE ("partner_id","resubmission","final_verdict","units_inspected","defects_found");--> statement-breakpoint
CREATE INDEX "inspections_tenant_partner_measures_idx" ON "inspections" USING btree ("tenant_id","partner_id","kind","status","signed_off_at") INCLUDE ("resubmission","final_verdict","units_inspected","defects_found");
