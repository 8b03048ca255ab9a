-- Row-level security for AQL inspections (see 0001 for the mechanism).
GRANT SELECT, INSERT, UPDATE, DELETE ON item_aql_overrides, defect_types, inspections, inspection_defects, inspection_measurements, inspection_photos, switching_states, switching_events TO portal_app;
--> statement-breakpoint
ALTER TABLE item_aql_overrides ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE item_aql_overrides FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE defect_types ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE defect_types FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspections FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_defects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_defects FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_measurements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_measurements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_photos ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE inspection_photos FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE switching_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE switching_states FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE switching_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE switching_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- every member reads the item aql overrides (a partner records defects from the catalogue); staff change them
--> statement-breakpoint
CREATE POLICY item_aql_overrides_read ON item_aql_overrides FOR SELECT USING (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY item_aql_overrides_write ON item_aql_overrides FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- every member reads the defect types (a partner records defects from the catalogue); staff change them
--> statement-breakpoint
CREATE POLICY defect_types_read ON defect_types FOR SELECT USING (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY defect_types_write ON defect_types FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- a partner sees the inspections of its own lots, and writes only its own pre-shipment inspections
--> statement-breakpoint
CREATE POLICY inspections_read ON inspections FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY inspections_write ON inspections FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND kind = 'pre_shipment'))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND kind = 'pre_shipment')));
--> statement-breakpoint
CREATE POLICY inspection_defects_read ON inspection_defects FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- a partner changes findings only while its own pre-shipment inspection is still open
--> statement-breakpoint
CREATE POLICY inspection_defects_write ON inspection_defects FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_defects.tenant_id AND i.id = inspection_defects.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked')))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_defects.tenant_id AND i.id = inspection_defects.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked'))));
--> statement-breakpoint
CREATE POLICY inspection_measurements_read ON inspection_measurements FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- a partner changes findings only while its own pre-shipment inspection is still open
--> statement-breakpoint
CREATE POLICY inspection_measurements_write ON inspection_measurements FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_measurements.tenant_id AND i.id = inspection_measurements.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked')))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_measurements.tenant_id AND i.id = inspection_measurements.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked'))));
--> statement-breakpoint
CREATE POLICY inspection_photos_read ON inspection_photos FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- a partner changes findings only while its own pre-shipment inspection is still open
--> statement-breakpoint
CREATE POLICY inspection_photos_write ON inspection_photos FOR ALL USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_photos.tenant_id AND i.id = inspection_photos.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked')))) WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR (partner_id = app_partner_id() AND EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = inspection_photos.tenant_id AND i.id = inspection_photos.inspection_id AND i.kind = 'pre_shipment' AND i.status = 'booked'))));
--> statement-breakpoint
-- a partner sees its own switching state and history; only quality staff change them
--> statement-breakpoint
CREATE POLICY switching_states_read ON switching_states FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY switching_states_write ON switching_states FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- a partner sees its own switching state and history; only quality staff change them
--> statement-breakpoint
CREATE POLICY switching_events_read ON switching_events FOR SELECT USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY switching_events_write ON switching_events FOR ALL USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL) WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- inspection numbers: a partner can't count other partners' inspections, so a sequence hands them out
--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS inspection_number_seq START 10001;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE inspection_number_seq TO portal_app;
