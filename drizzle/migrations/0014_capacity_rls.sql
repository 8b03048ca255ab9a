-- Row-level security for declared capacity (see 0001 for the mechanism).
GRANT SELECT, INSERT, UPDATE, DELETE ON capacity_declarations TO portal_app;
--> statement-breakpoint
-- the history is append-only: added and read, never changed
GRANT SELECT, INSERT ON capacity_history TO portal_app;
--> statement-breakpoint
ALTER TABLE capacity_declarations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE capacity_declarations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE capacity_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE capacity_history FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a partner declares and reads only its own capacity; the tenant's staff read (and may correct) all
CREATE POLICY capacity_declarations_isolation ON capacity_declarations USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY capacity_history_read ON capacity_history FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY capacity_history_append ON capacity_history FOR INSERT WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
