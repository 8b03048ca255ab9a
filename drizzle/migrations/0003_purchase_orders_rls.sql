-- Row-level security for purchase orders, ship notices and receipts (see 0001 for the mechanism).
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_settings, purchase_orders, po_lines, po_revisions, ship_notices, ship_notice_lines, receipts TO portal_app;
--> statement-breakpoint
ALTER TABLE tenant_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenant_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_settings_read ON tenant_settings FOR SELECT USING (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY tenant_settings_write ON tenant_settings FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
ALTER TABLE purchase_orders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE purchase_orders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner sees and answers only its own orders
CREATE POLICY purchase_orders_isolation ON purchase_orders USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE po_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE po_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner sees and answers only its own orders
CREATE POLICY po_lines_isolation ON po_lines USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE po_revisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE po_revisions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner sees and answers only its own orders
CREATE POLICY po_revisions_isolation ON po_revisions USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE ship_notices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ship_notices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- the shipping partner and the assigned carrier both see a ship notice; only the shipper (or staff) writes it
CREATE POLICY ship_notices_read ON ship_notices FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id() OR carrier_partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY ship_notices_write ON ship_notices FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE ship_notice_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ship_notice_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- the shipping partner and the assigned carrier both see a ship notice; only the shipper (or staff) writes it
CREATE POLICY ship_notice_lines_read ON ship_notice_lines FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id() OR carrier_partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY ship_notice_lines_write ON ship_notice_lines FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE receipts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE receipts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY receipts_read ON receipts FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- receipts are recorded by internal staff only
CREATE POLICY receipts_write ON receipts FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);

--> statement-breakpoint
-- a partner (or carrier) sees the ship-to site of its own orders and ship notices: it is the delivery address
CREATE POLICY facilities_ship_to_visible ON facilities FOR SELECT USING (
  tenant_id = app_tenant_id() AND (
    EXISTS (SELECT 1 FROM purchase_orders po WHERE po.tenant_id = facilities.tenant_id AND po.ship_to_facility_id = facilities.id)
    OR EXISTS (SELECT 1 FROM ship_notices sn WHERE sn.tenant_id = facilities.tenant_id AND sn.ship_to_facility_id = facilities.id)
  )
);
--> statement-breakpoint
-- ship notice numbers: a partner can't see other partners' notices to count them, so a sequence hands them out
CREATE SEQUENCE IF NOT EXISTS ship_notice_number_seq START 100001;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE ship_notice_number_seq TO portal_app;
