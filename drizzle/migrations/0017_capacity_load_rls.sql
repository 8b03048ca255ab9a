-- Row-level security for item routing and demand forecasts (see 0001 for the mechanism).
GRANT SELECT, INSERT, UPDATE, DELETE ON item_resources TO portal_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON forecasts TO portal_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON forecast_lines TO portal_app;
--> statement-breakpoint
ALTER TABLE item_resources ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE item_resources FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE forecasts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE forecasts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE forecast_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE forecast_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner keeps its own items' routing; the tenant's staff see and set all
CREATE POLICY item_resources_isolation ON item_resources USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- a partner sees only forecasts published to it (never a draft), and answers them
CREATE POLICY forecasts_isolation ON forecasts USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND status <> 'draft'))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND status <> 'draft')));
--> statement-breakpoint
-- lines are hidden from a partner until their forecast is published
CREATE POLICY forecast_lines_isolation ON forecast_lines USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM forecasts f WHERE f.tenant_id = forecast_lines.tenant_id AND f.id = forecast_lines.forecast_id AND f.status <> 'draft')))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
