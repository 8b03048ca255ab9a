-- What a partner's user may change on a forecast, enforced by the database as well as the code.
-- Row-level security (0017) lets a partner see and write only the rows of forecasts published to it;
-- the application role is the same for staff and partners, so column grants can't tell them apart.
-- These triggers do: with app.partner_id set, a forecast's lines keep their item, week and forecast
-- quantity (only committed_quantity and comment change), no line is added or removed, and the
-- forecast itself keeps what the planner wrote (only the answer: status to committed, responded_at,
-- responded_by, response_note, version, updated_at, and clearing responded_on_behalf, a column 0023
-- adds). Staff and the owner are not affected.
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
        OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'committed')
        -- responded_on_behalf (0023): a partner's own answer clears it, never sets it
        OR (NEW.responded_on_behalf AND NOT OLD.responded_on_behalf) THEN
    RAISE EXCEPTION 'a partner may only answer a forecast' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER forecast_lines_partner_update BEFORE UPDATE ON forecast_lines
  FOR EACH ROW EXECUTE FUNCTION forecast_partner_guard();
--> statement-breakpoint
CREATE TRIGGER forecast_lines_partner_insert_delete BEFORE INSERT OR DELETE ON forecast_lines
  FOR EACH STATEMENT EXECUTE FUNCTION forecast_partner_guard();
--> statement-breakpoint
CREATE TRIGGER forecasts_partner_update BEFORE UPDATE ON forecasts
  FOR EACH ROW EXECUTE FUNCTION forecast_partner_guard();
--> statement-breakpoint
CREATE TRIGGER forecasts_partner_insert_delete BEFORE INSERT OR DELETE ON forecasts
  FOR EACH STATEMENT EXECUTE FUNCTION forecast_partner_guard();
