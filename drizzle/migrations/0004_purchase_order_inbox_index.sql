-- The partner inbox lists orders awaiting the partner's answer first, then newest first; this index
-- matches that ORDER BY (the CASE must stay identical to the one in listPurchaseOrders).
CREATE INDEX IF NOT EXISTS purchase_orders_tenant_partner_inbox_idx
  ON purchase_orders (tenant_id, partner_id, (CASE WHEN status = 'issued' THEN 1 ELSE 0 END), created_at, id);
