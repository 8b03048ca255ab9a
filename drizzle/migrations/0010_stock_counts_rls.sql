-- Row-level security for the inventory ledger and stock counts (see 0001 for the mechanism).
GRANT SELECT, INSERT, UPDATE, DELETE ON inventory_balances, count_reasons, stock_counts, stock_count_lines TO portal_app;
--> statement-breakpoint
-- the ledger is append-only: the app role may add movements and read them, never change or remove one
--> statement-breakpoint
GRANT SELECT, INSERT ON inventory_movements TO portal_app;
--> statement-breakpoint
ALTER TABLE inventory_movements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inventory_movements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inventory_balances ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inventory_balances FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE count_reasons ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE count_reasons FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stock_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stock_counts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stock_count_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE stock_count_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- a filler reads the book of its own facilities; only planners post movements
--> statement-breakpoint
CREATE POLICY inventory_movements_read ON inventory_movements FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY inventory_movements_insert ON inventory_movements FOR INSERT WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
CREATE POLICY inventory_balances_read ON inventory_balances FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY inventory_balances_write ON inventory_balances FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- every member reads the reason list (a filler picks a root cause from it); staff change it
--> statement-breakpoint
CREATE POLICY count_reasons_read ON count_reasons FOR SELECT USING (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY count_reasons_write ON count_reasons FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- planners schedule counts; the filler counts, recounts and explains its own; only staff remove one
--> statement-breakpoint
CREATE POLICY stock_counts_read ON stock_counts FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY stock_counts_insert ON stock_counts FOR INSERT WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
CREATE POLICY stock_counts_update ON stock_counts FOR UPDATE USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY stock_counts_delete ON stock_counts FOR DELETE USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
CREATE POLICY stock_count_lines_isolation ON stock_count_lines USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id())) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- count numbers: a filler can't see other fillers' counts to number them, so a sequence hands them out
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS stock_count_number_seq START 5001;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE stock_count_number_seq TO portal_app;
