-- A partner reads the audit trail only of records it may see, in the state it may see them (issue 13:
-- a draft PO's entries, with its lines, prices and internal notes, and a draft or deleted forecast's
-- were readable at /<company>/audit?entityId=… while the records themselves were 404s).
--
-- Before, audit_log_read let a partner read every entry carrying its partner_id. Now, with
-- app.partner_id set, an entry is visible only when its record is (each record table's own policy
-- applies inside the EXISTS, as the partner) and it isn't from a phase the partner never saw:
--   purchase_order  the order was issued (never a draft, nor a draft cancelled unissued), and the
--                   entry is not the draft's creation: the trail starts at the issue
--   forecast        published, superseded or answered: the partner's policy hides drafts, deleted
--                   drafts are gone, and only the entries from publication on are shown
--   ship_notice, inspection, switching_state, stock_count, facility
--                   the record is visible to the partner
--   partner         the partner's own row
--   membership, invitation
--                   the partner's own people (partner_id already matched)
--   anything else   hidden, including inventory_movement: the ledger page is the partner's view of
--                   stock, with the blind-count rules; a posting's entry would give the book away
-- Which fields of an entry a partner sees, and how its actor is named, is decided by the one
-- query function that reads the log (app/server/audit-log.server.ts, app/domain/audit-visibility.ts).
--
-- entity_id is text; the records' ids are uuids. audit_entity_uuid() casts only what is a uuid, so a
-- stray id can never make the policy raise (a CASE evaluates its branch only when the test holds).
CREATE OR REPLACE FUNCTION audit_entity_uuid(p_id text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN p_id::uuid END
$$;
--> statement-breakpoint
-- Runs as the caller (not SECURITY DEFINER), so every record table's row-level security applies.
CREATE OR REPLACE FUNCTION audit_visible_to_partner(p_tenant uuid, p_entity_type text, p_entity_id text, p_action text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE p_entity_type
    WHEN 'purchase_order' THEN p_action <> 'po.created' AND EXISTS (
      SELECT 1 FROM purchase_orders po
      WHERE po.tenant_id = p_tenant AND po.id = audit_entity_uuid(p_entity_id) AND po.status <> 'draft' AND po.issued_at IS NOT NULL)
    WHEN 'forecast' THEN p_action IN ('forecast.published', 'forecast.superseded', 'forecast.committed', 'forecast.commitment_revised') AND EXISTS (
      SELECT 1 FROM forecasts f
      WHERE f.tenant_id = p_tenant AND f.id = audit_entity_uuid(p_entity_id) AND f.status <> 'draft')
    WHEN 'ship_notice' THEN EXISTS (SELECT 1 FROM ship_notices sn WHERE sn.tenant_id = p_tenant AND sn.id = audit_entity_uuid(p_entity_id))
    WHEN 'inspection' THEN EXISTS (SELECT 1 FROM inspections i WHERE i.tenant_id = p_tenant AND i.id = audit_entity_uuid(p_entity_id))
    WHEN 'switching_state' THEN EXISTS (SELECT 1 FROM switching_states s WHERE s.tenant_id = p_tenant AND s.id = audit_entity_uuid(p_entity_id))
    WHEN 'stock_count' THEN EXISTS (SELECT 1 FROM stock_counts c WHERE c.tenant_id = p_tenant AND c.id = audit_entity_uuid(p_entity_id))
    WHEN 'facility' THEN EXISTS (
      SELECT 1 FROM facilities fa WHERE fa.tenant_id = p_tenant AND fa.id = audit_entity_uuid(p_entity_id) AND fa.partner_id = app_partner_id())
    WHEN 'partner' THEN audit_entity_uuid(p_entity_id) = app_partner_id()
    WHEN 'membership' THEN true
    WHEN 'invitation' THEN true
    ELSE false
  END
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_entity_uuid(text), audit_visible_to_partner(uuid, text, text, text) TO portal_app;
--> statement-breakpoint
ALTER POLICY audit_log_read ON audit_log USING (
  tenant_id = app_tenant_id()
  AND CASE WHEN app_partner_id() IS NULL THEN true
      ELSE partner_id = app_partner_id() AND audit_visible_to_partner(tenant_id, entity_type, entity_id, action) END
);
--> statement-breakpoint
-- A partner's trail is read by partner, newest first: this index lets that read (and the policy's
-- record checks) touch the partner's own entries only, instead of the company's whole log. Declared
-- here in SQL only, like 0007's covering indexes.
CREATE INDEX IF NOT EXISTS audit_log_tenant_partner_idx ON audit_log (tenant_id, partner_id, id);
