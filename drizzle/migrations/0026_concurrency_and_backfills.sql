-- Fixes to 0021, 0022 and 0025 found in review.
--
-- 1. Backfills under FORCE ROW LEVEL SECURITY. 0021 filled capacity_demand and 0025 tenant_counters
--    with one statement each, reading partners, order lines and documents without app.tenant_id set.
--    The tables' owner is bound by the policies too (FORCE), so on a server where the migrating user
--    is neither superuser nor BYPASSRLS those statements saw no rows and filled nothing. Both are
--    redone here company by company, with the company set; capacity_demand_rebuild() is kept for
--    operators (README).
CREATE OR REPLACE FUNCTION capacity_demand_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    PERFORM set_config('app.partner_id', '', true);
    PERFORM capacity_demand_refresh(array_agg(p.tenant_id), array_agg(p.id), array_agg(NULL::date)) FROM partners p WHERE p.tenant_id = t;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint
SELECT capacity_demand_rebuild();
--> statement-breakpoint
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    PERFORM set_config('app.partner_id', '', true);
    INSERT INTO tenant_counters AS c (tenant_id, name, value)
    SELECT t, k.name, k.value FROM (
      SELECT 'ship_notice' AS name, max(substring(number FROM 5)::bigint) AS value FROM ship_notices WHERE tenant_id = t AND number ~ '^ASN-[0-9]+$'
      UNION ALL
      SELECT 'inspection', max(substring(number FROM 5)::bigint) FROM inspections WHERE tenant_id = t AND number ~ '^INS-[0-9]+$'
      UNION ALL
      SELECT 'stock_count', max(substring(number FROM 5)::bigint) FROM stock_counts WHERE tenant_id = t AND number ~ '^CNT-[0-9]+$'
    ) k
    WHERE k.value IS NOT NULL
    ON CONFLICT (tenant_id, name) DO UPDATE SET value = greatest(c.value, EXCLUDED.value);
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint
-- 2. Lock order. A refresh takes its partner's lock when its statement's trigger runs, after the
--    statement's row locks. A transaction that changes a partner's orders takes that lock first
--    (app code: lockPartnerDemand, before it locks an order or lines), so two transactions never
--    hold a row lock and the partner's lock crosswise. Same key as capacity_demand_refresh.
CREATE OR REPLACE FUNCTION capacity_demand_lock(p_tenant uuid, p_partner uuid) RETURNS void
LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(hashtextextended(p_tenant::text || '/' || p_partner::text, 0)) $$;
--> statement-breakpoint
-- 3. next_tenant_number: no table from the caller's temporary schema can stand in for
--    tenant_counters (pg_temp last, the table named with its schema), and only the known counters.
CREATE OR REPLACE FUNCTION next_tenant_number(p_name text, p_first bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  t uuid := public.app_tenant_id();
  v bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'next_tenant_number needs app.tenant_id' USING ERRCODE = '42501';
  END IF;
  IF p_name NOT IN ('ship_notice', 'inspection', 'stock_count') THEN
    RAISE EXCEPTION 'unknown counter %', p_name USING ERRCODE = '22023';
  END IF;
  INSERT INTO public.tenant_counters AS c (tenant_id, name, value) VALUES (t, p_name, p_first)
  ON CONFLICT (tenant_id, name) DO UPDATE SET value = c.value + 1
  RETURNING c.value INTO v;
  RETURN v;
END $$;
--> statement-breakpoint
-- 4. A company's counters are for its staff: a partner's user reads none (it could otherwise read how
--    many documents all the company's partners have).
ALTER POLICY tenant_counters_isolation ON tenant_counters
  USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL)
  WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
-- 5. The forecast guard (0022): a partner answers only a current forecast (published or committed),
--    so a superseded one can't be brought back by committing to it.
CREATE OR REPLACE FUNCTION forecast_partner_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF app_partner_id() IS NULL THEN
    RETURN CASE WHEN TG_LEVEL = 'ROW' THEN NEW END;
  END IF;
  IF TG_LEVEL = 'STATEMENT' THEN
    RAISE EXCEPTION 'a partner cannot % %', lower(TG_OP), TG_TABLE_NAME USING ERRCODE = '42501';
  END IF;
  IF TG_TABLE_NAME = 'forecast_lines' THEN
    IF (OLD.tenant_id, OLD.id, OLD.forecast_id, OLD.partner_id, OLD.item_id, OLD.week, OLD.quantity)
       IS DISTINCT FROM (NEW.tenant_id, NEW.id, NEW.forecast_id, NEW.partner_id, NEW.item_id, NEW.week, NEW.quantity) THEN
      RAISE EXCEPTION 'a partner may change only the commitment and comment of a forecast line' USING ERRCODE = '42501';
    END IF;
  ELSIF (OLD.tenant_id, OLD.id, OLD.number, OLD.partner_id, OLD.title, OLD.note, OLD.published_at, OLD.published_by, OLD.created_by, OLD.created_at)
        IS DISTINCT FROM (NEW.tenant_id, NEW.id, NEW.number, NEW.partner_id, NEW.title, NEW.note, NEW.published_at, NEW.published_by, NEW.created_by, NEW.created_at)
        OR OLD.status NOT IN ('published', 'committed')
        OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'committed')
        -- responded_on_behalf (0023): a partner's own answer clears it, never sets it
        OR (NEW.responded_on_behalf AND NOT OLD.responded_on_behalf) THEN
    RAISE EXCEPTION 'a partner may only answer a current forecast' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
