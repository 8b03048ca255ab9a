-- Document numbers per company. ASN-, INS- and CNT- numbers came from three database-wide sequences,
-- so each company's numbers jumped by the other companies' documents: anyone could read another
-- company's volume off their own numbers. Each company now counts its own, from the same first
-- numbers, carrying on from what it has. The app role may only read its own company's counters (RLS);
-- it gets the next number for its company (app.tenant_id) from next_tenant_number(), which runs as
-- the owner, and cannot set a counter itself.
-- The counter row is locked until the transaction ends, so numbers are gap-free: a document rolled
-- back gives its number back.
GRANT SELECT ON tenant_counters TO portal_app;
--> statement-breakpoint
ALTER TABLE tenant_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenant_counters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_counters_isolation ON tenant_counters USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE OR REPLACE FUNCTION next_tenant_number(p_name text, p_first bigint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t uuid := app_tenant_id();
  v bigint;
BEGIN
  IF t IS NULL THEN
    RAISE EXCEPTION 'next_tenant_number needs app.tenant_id' USING ERRCODE = '42501';
  END IF;
  INSERT INTO tenant_counters AS c (tenant_id, name, value) VALUES (t, p_name, p_first)
  ON CONFLICT (tenant_id, name) DO UPDATE SET value = c.value + 1
  RETURNING c.value INTO v;
  RETURN v;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION next_tenant_number(text, bigint) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION next_tenant_number(text, bigint) TO portal_app;
--> statement-breakpoint
-- carry on from each company's highest number
INSERT INTO tenant_counters (tenant_id, name, value)
SELECT tenant_id, 'ship_notice', max(substring(number FROM 5)::bigint) FROM ship_notices WHERE number ~ '^ASN-[0-9]+$' GROUP BY tenant_id
UNION ALL
SELECT tenant_id, 'inspection', max(substring(number FROM 5)::bigint) FROM inspections WHERE number ~ '^INS-[0-9]+$' GROUP BY tenant_id
UNION ALL
SELECT tenant_id, 'stock_count', max(substring(number FROM 5)::bigint) FROM stock_counts WHERE number ~ '^CNT-[0-9]+$' GROUP BY tenant_id;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS ship_notice_number_seq;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS inspection_number_seq;
--> statement-breakpoint
DROP SEQUENCE IF EXISTS stock_count_number_seq;
