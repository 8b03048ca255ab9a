CREATE UNIQUE INDEX "inspections_tenant_line_original_key" ON "inspections" USING btree ("tenant_id","ship_notice_line_id","kind") WHERE ship_notice_line_id is not null and not resubmission;--> statement-breakpoint
-- a partner changes its own pre-shipment inspection only while it is open, and can at most submit it:
-- the verdict, the sign-off and the switching inputs stay quality's, in the database as in the code
DROP POLICY inspections_write ON inspections;
--> statement-breakpoint
CREATE POLICY inspections_write ON inspections FOR ALL
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND kind = 'pre_shipment' AND status = 'booked')))
  WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND kind = 'pre_shipment' AND status IN ('booked', 'submitted') AND signed_off_at IS NULL AND escalation IS NULL)));
