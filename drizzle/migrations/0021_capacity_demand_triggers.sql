-- capacity_demand (0020) is kept by the database: whenever order lines, order statuses or item routes
-- change, the statement's triggers recompute the affected partners' demand in the affected ISO weeks
-- (all weeks when an item route changes), in the same transaction, from the same definition as
-- capacity-load.server.ts's live query: lines not cancelled with open quantity (ordered − shipped > 0)
-- of orders in a demand status (DEMAND_STATUSES in app/domain/capacity.ts), in the ISO week of the
-- current committed date, routed to the line's own facility and resource, else the item's default at
-- that partner (item_resources), else unrouted (facility and resource null).
--
-- Functions run as the caller, under row-level security: a partner's statement only ever touches its
-- own lines, and reads and rewrites only its own demand rows, which its policy lets it see.

GRANT SELECT, INSERT, DELETE ON capacity_demand TO portal_app;
--> statement-breakpoint
ALTER TABLE capacity_demand ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE capacity_demand FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY capacity_demand_isolation ON capacity_demand
  USING (tenant_id = app_tenant_id() AND CASE WHEN app_partner_id() IS NULL THEN true ELSE partner_id = app_partner_id() END)
  WITH CHECK (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- the Monday of a date's ISO week (date arithmetic: no time zone involved)
CREATE OR REPLACE FUNCTION iso_monday(d date) RETURNS date LANGUAGE sql IMMUTABLE AS
$$ SELECT d - (extract(isodow FROM d)::int - 1) $$;
--> statement-breakpoint
-- Recompute demand for (tenant, partner, week) keys; a null week means every week of that partner.
-- Weeks are given by their Monday. Refreshes of one partner are serialised (an advisory lock held to
-- the end of the transaction), so two transactions never interleave a delete and an insert.
CREATE OR REPLACE FUNCTION capacity_demand_refresh(p_tenants uuid[], p_partners uuid[], p_weeks date[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  wt uuid[]; wp uuid[]; ww date[];   -- week keys
  pt uuid[]; pp uuid[];              -- whole-partner keys
BEGIN
  SELECT array_agg(t ORDER BY t, p), array_agg(p ORDER BY t, p) INTO pt, pp
    FROM (SELECT DISTINCT t, p FROM unnest(p_tenants, p_partners, p_weeks) AS k(t, p, w) WHERE w IS NULL) s;
  -- a week key is redundant when its partner is refreshed whole
  SELECT array_agg(t), array_agg(p), array_agg(w) INTO wt, wp, ww
    FROM (SELECT DISTINCT t, p, iso_monday(w) AS w FROM unnest(p_tenants, p_partners, p_weeks) AS k(t, p, w)
          WHERE w IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM unnest(pt, pp) AS a(t, p) WHERE a.t = k.t AND a.p = k.p)) s;

  PERFORM pg_advisory_xact_lock(k) FROM (
    SELECT DISTINCT hashtextextended(t::text || '/' || p::text, 0) AS k
      FROM (SELECT * FROM unnest(wt, wp) UNION ALL SELECT * FROM unnest(pt, pp)) AS x(t, p)
     ORDER BY 1) s;

  IF pt IS NOT NULL THEN
    DELETE FROM capacity_demand d USING unnest(pt, pp) AS a(t, p)
     WHERE d.tenant_id = a.t AND d.partner_id = a.p;
    INSERT INTO capacity_demand (tenant_id, partner_id, facility_id, resource, week, demand, lines)
    SELECT l.tenant_id, l.partner_id,
           coalesce(l.capacity_facility_id, r.facility_id), coalesce(l.capacity_resource, r.resource),
           to_char(l.committed_date, 'IYYY-"W"IW'), sum(l.quantity - l.quantity_shipped), count(*)::int
      FROM unnest(pt, pp) AS a(t, p)
      JOIN po_lines l ON l.tenant_id = a.t AND l.partner_id = a.p AND NOT l.cancelled AND l.committed_date IS NOT NULL
      JOIN purchase_orders o ON o.tenant_id = l.tenant_id AND o.id = l.po_id
      LEFT JOIN item_resources r ON r.tenant_id = l.tenant_id AND r.partner_id = l.partner_id AND r.item_id = l.item_id
     WHERE l.quantity > l.quantity_shipped
       AND o.status IN ('confirmed', 'acknowledged', 'partially_shipped', 'partially_received')
     GROUP BY 1, 2, 3, 4, 5;
  END IF;

  IF wt IS NOT NULL THEN
    DELETE FROM capacity_demand d USING unnest(wt, wp, ww) AS k(t, p, w)
     WHERE d.tenant_id = k.t AND d.partner_id = k.p AND d.week = to_char(k.w, 'IYYY-"W"IW');
    INSERT INTO capacity_demand (tenant_id, partner_id, facility_id, resource, week, demand, lines)
    SELECT l.tenant_id, l.partner_id,
           coalesce(l.capacity_facility_id, r.facility_id), coalesce(l.capacity_resource, r.resource),
           to_char(l.committed_date, 'IYYY-"W"IW'), sum(l.quantity - l.quantity_shipped), count(*)::int
      FROM unnest(wt, wp, ww) AS k(t, p, w)
      JOIN po_lines l ON l.tenant_id = k.t AND l.partner_id = k.p AND NOT l.cancelled AND l.committed_date IS NOT NULL
                     AND l.committed_date >= k.w AND l.committed_date < k.w + 7
      JOIN purchase_orders o ON o.tenant_id = l.tenant_id AND o.id = l.po_id
      LEFT JOIN item_resources r ON r.tenant_id = l.tenant_id AND r.partner_id = l.partner_id AND r.item_id = l.item_id
     WHERE l.quantity > l.quantity_shipped
       AND o.status IN ('confirmed', 'acknowledged', 'partially_shipped', 'partially_received')
     GROUP BY 1, 2, 3, 4, 5;
  END IF;
END $$;
--> statement-breakpoint
-- order lines: the weeks a statement's lines were in before and are in after
CREATE OR REPLACE FUNCTION capacity_demand_po_lines() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE t uuid[]; p uuid[]; w date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(wk) INTO t, p, w
      FROM (SELECT DISTINCT tenant_id, partner_id, iso_monday(committed_date) AS wk
              FROM new_lines WHERE committed_date IS NOT NULL) s;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(wk) INTO t, p, w
      FROM (SELECT DISTINCT tenant_id, partner_id, iso_monday(committed_date) AS wk
              FROM old_lines WHERE committed_date IS NOT NULL) s;
  ELSE
    -- only lines whose demand could have changed (a price or a note does not move demand)
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(wk) INTO t, p, w
      FROM (SELECT DISTINCT x.tenant_id, x.partner_id, iso_monday(x.committed_date) AS wk
              FROM old_lines o JOIN new_lines n ON n.tenant_id = o.tenant_id AND n.id = o.id,
                   LATERAL (VALUES (o.tenant_id, o.partner_id, o.committed_date), (n.tenant_id, n.partner_id, n.committed_date)) AS x(tenant_id, partner_id, committed_date)
             WHERE x.committed_date IS NOT NULL
               AND (o.partner_id, o.po_id, o.item_id, o.quantity, o.quantity_shipped, o.committed_date, o.cancelled, o.capacity_facility_id, o.capacity_resource)
                   IS DISTINCT FROM
                   (n.partner_id, n.po_id, n.item_id, n.quantity, n.quantity_shipped, n.committed_date, n.cancelled, n.capacity_facility_id, n.capacity_resource)) s;
  END IF;
  IF t IS NOT NULL THEN PERFORM capacity_demand_refresh(t, p, w); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER capacity_demand_po_lines_insert AFTER INSERT ON po_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_po_lines();
--> statement-breakpoint
CREATE TRIGGER capacity_demand_po_lines_update AFTER UPDATE ON po_lines
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_po_lines();
--> statement-breakpoint
CREATE TRIGGER capacity_demand_po_lines_delete AFTER DELETE ON po_lines
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_po_lines();
--> statement-breakpoint
-- an order entering or leaving a demand status: the weeks of its lines
CREATE OR REPLACE FUNCTION capacity_demand_purchase_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE t uuid[]; p uuid[]; w date[];
BEGIN
  SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(wk) INTO t, p, w
    FROM (SELECT DISTINCT l.tenant_id, l.partner_id, iso_monday(l.committed_date) AS wk
            FROM old_orders o JOIN new_orders n ON n.tenant_id = o.tenant_id AND n.id = o.id
            JOIN po_lines l ON l.tenant_id = n.tenant_id AND l.po_id = n.id
           WHERE o.status IS DISTINCT FROM n.status AND l.committed_date IS NOT NULL) s;
  IF t IS NOT NULL THEN PERFORM capacity_demand_refresh(t, p, w); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER capacity_demand_purchase_orders_update AFTER UPDATE ON purchase_orders
  REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_purchase_orders();
--> statement-breakpoint
-- an item's default route at a partner: every week of that partner
CREATE OR REPLACE FUNCTION capacity_demand_item_resources() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE t uuid[]; p uuid[]; w date[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(NULL::date) INTO t, p, w
      FROM (SELECT DISTINCT tenant_id, partner_id FROM new_routes) s;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(NULL::date) INTO t, p, w
      FROM (SELECT DISTINCT tenant_id, partner_id FROM old_routes) s;
  ELSE
    SELECT array_agg(tenant_id), array_agg(partner_id), array_agg(NULL::date) INTO t, p, w
      FROM (SELECT tenant_id, partner_id FROM old_routes UNION SELECT tenant_id, partner_id FROM new_routes) s;
  END IF;
  IF t IS NOT NULL THEN PERFORM capacity_demand_refresh(t, p, w); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER capacity_demand_item_resources_insert AFTER INSERT ON item_resources
  REFERENCING NEW TABLE AS new_routes FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_item_resources();
--> statement-breakpoint
CREATE TRIGGER capacity_demand_item_resources_update AFTER UPDATE ON item_resources
  REFERENCING OLD TABLE AS old_routes NEW TABLE AS new_routes FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_item_resources();
--> statement-breakpoint
CREATE TRIGGER capacity_demand_item_resources_delete AFTER DELETE ON item_resources
  REFERENCING OLD TABLE AS old_routes FOR EACH STATEMENT EXECUTE FUNCTION capacity_demand_item_resources();
--> statement-breakpoint
-- what is already there
SELECT capacity_demand_refresh(array_agg(tenant_id), array_agg(id), array_agg(NULL::date)) FROM partners;
