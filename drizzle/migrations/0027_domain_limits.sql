-- Values inside their domain (issue 13). The forms, CSV imports and server functions refuse these
-- with a message beside the field (app/domain/limits.ts); the database holds the same lines, so a
-- value that slips past one of them is refused here instead of being kept.
--
-- Each constraint is checked against the rows already there (the demo seed and the test data keep
-- every rule). Neither a CHECK nor a unique index is subject to row-level security, so every
-- company's rows are checked. Should a row from before these rules break one, the migration stops
-- and names the constraint (nothing is changed); the query beside it finds the rows to correct.
--
-- 1. One row per ship notice and order line: a notice that named a line three times passed the
--    left-to-ship check once per copy (300 units shipped against a 100-unit line).
--    Find: SELECT tenant_id, ship_notice_id, po_line_id FROM ship_notice_lines GROUP BY 1, 2, 3 HAVING count(*) > 1;
CREATE UNIQUE INDEX "ship_notice_lines_tenant_notice_line_key" ON "ship_notice_lines" USING btree ("tenant_id","ship_notice_id","po_line_id");
--> statement-breakpoint
-- 2. Partner codes are unique in a company whatever their case: with dcp beside DCP a PO import could
--    not tell which partner an order was for.
--    Find: SELECT tenant_id, lower(code) FROM partners WHERE code IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1;
CREATE UNIQUE INDEX "partners_tenant_code_key" ON "partners" USING btree ("tenant_id",lower("code"));
--> statement-breakpoint
-- 3. Business dates from 2000-01-01 to 2100-12-31 (EARLIEST_BUSINESS_DATE, LATEST_BUSINESS_DATE);
--    business weeks from 2000-W01 to 2100-W52 (canonical keys compare in week order as text).
ALTER TABLE "po_lines" ADD CONSTRAINT "po_lines_dates_in_range" CHECK (
  "requested_date" BETWEEN '2000-01-01' AND '2100-12-31'
  AND ("first_committed_date" IS NULL OR "first_committed_date" BETWEEN '2000-01-01' AND '2100-12-31')
  AND ("committed_date" IS NULL OR "committed_date" BETWEEN '2000-01-01' AND '2100-12-31')
  AND ("proposed_date" IS NULL OR "proposed_date" BETWEEN '2000-01-01' AND '2100-12-31')
  AND ("shipped_date" IS NULL OR "shipped_date" BETWEEN '2000-01-01' AND '2100-12-31')
  AND ("received_date" IS NULL OR "received_date" BETWEEN '2000-01-01' AND '2100-12-31')
);
--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_ready_date_in_range" CHECK ("ready_date" BETWEEN '2000-01-01' AND '2100-12-31');
--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_received_on_in_range" CHECK ("received_on" BETWEEN '2000-01-01' AND '2100-12-31');
--> statement-breakpoint
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_moved_on_in_range" CHECK ("moved_on" BETWEEN '2000-01-01' AND '2100-12-31');
--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_due_on_in_range" CHECK ("due_on" BETWEEN '2000-01-01' AND '2100-12-31');
--> statement-breakpoint
ALTER TABLE "forecast_lines" ADD CONSTRAINT "forecast_lines_week_in_range" CHECK ("week" BETWEEN '2000-W01' AND '2100-W52');
--> statement-breakpoint
ALTER TABLE "capacity_declarations" ADD CONSTRAINT "capacity_declarations_week_in_range" CHECK ("week" BETWEEN '2000-W01' AND '2100-W52');
--> statement-breakpoint
-- 4. A pickup window is two times of day from 00:00 to 23:59 joined by an en dash, ending after it
--    starts (25:99–26:00 was accepted).
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_pickup_window_valid" CHECK (
  "pickup_window" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]–([01][0-9]|2[0-3]):[0-5][0-9]$'
  AND split_part("pickup_window", '–', 1) < split_part("pickup_window", '–', 2)
);
--> statement-breakpoint
-- 5. Single-line identifiers: no control characters (C0, DEL, C1) and no Unicode line or paragraph
--    separator in lot numbers, tracking numbers and partner codes (a lot with CR/LF was accepted).
--    Find: SELECT tenant_id, id FROM inventory_movements WHERE lot ~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]';
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_lot_one_line" CHECK ("lot" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
--> statement-breakpoint
ALTER TABLE "inventory_balances" ADD CONSTRAINT "inventory_balances_lot_one_line" CHECK ("lot" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
--> statement-breakpoint
ALTER TABLE "stock_count_lines" ADD CONSTRAINT "stock_count_lines_lot_one_line" CHECK ("lot" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_lot_number_one_line" CHECK ("lot_number" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
--> statement-breakpoint
ALTER TABLE "ship_notices" ADD CONSTRAINT "ship_notices_tracking_number_one_line" CHECK ("tracking_number" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
--> statement-breakpoint
ALTER TABLE "partners" ADD CONSTRAINT "partners_code_one_line" CHECK ("code" !~ '[\u0001-\u001f\u007f-\u009f\u2028\u2029]');
