-- Row-level security that the planner can estimate (found by `npm run bench`, capacity section).
-- Same rows as before; only how the policies are written changes.
--
-- 1. facilities_ship_to_visible (0003) lets a partner or carrier also see the ship-to sites of its
--    own orders and ship notices. Its EXISTS was planned as a hashed subplan reading every purchase
--    order of the tenant on every read of facilities, for staff too, whom facilities_isolation already
--    lets see every site. It now applies to partner users only and names the partner in the EXISTS
--    (RLS on purchase_orders limited the rows to the partner's own orders already).
DROP POLICY facilities_ship_to_visible ON facilities;
--> statement-breakpoint
CREATE POLICY facilities_ship_to_visible ON facilities FOR SELECT USING (
  tenant_id = app_tenant_id() AND app_partner_id() IS NOT NULL AND (
    EXISTS (SELECT 1 FROM purchase_orders po WHERE po.tenant_id = facilities.tenant_id AND po.partner_id = app_partner_id() AND po.ship_to_facility_id = facilities.id)
    OR EXISTS (SELECT 1 FROM ship_notices sn WHERE sn.tenant_id = facilities.tenant_id AND sn.ship_to_facility_id = facilities.id)
  )
);
--> statement-breakpoint
-- 2. "app_partner_id() IS NULL OR partner_id = app_partner_id()" is estimated to keep 0.5% of the
--    rows (IS NULL on a function without statistics), so every RLS table in a join looked ~200 times
--    smaller than it is and the planner chose nested loops (the order list with 50 partners: 500 ms).
--    The same test as a CASE is estimated at 50% and keeps exactly the same rows: true for staff (no
--    partner), else the partner's own. WITH CHECK clauses are evaluated, not planned: unchanged.
ALTER POLICY partners_isolation ON partners USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE id = app_partner_id() END);
--> statement-breakpoint
ALTER POLICY facilities_isolation ON facilities USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END);
--> statement-breakpoint
ALTER POLICY purchase_orders_isolation ON purchase_orders USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END);
--> statement-breakpoint
ALTER POLICY po_lines_isolation ON po_lines USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END);
--> statement-breakpoint
ALTER POLICY item_resources_isolation ON item_resources USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END);
--> statement-breakpoint
ALTER POLICY capacity_declarations_isolation ON capacity_declarations USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END);
