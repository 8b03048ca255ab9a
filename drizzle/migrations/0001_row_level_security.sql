-- Tenant isolation in the database. The application switches to the non-owner role portal_app
-- (SET LOCAL ROLE) inside every request transaction and names its tenant, partner and user with
-- set_config(..., true). Policies below read those settings; FORCE makes them bind the owner too.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
    CREATE ROLE portal_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- the connecting (owner) user must be able to SET ROLE portal_app
  IF NOT pg_has_role(current_user, 'portal_app', 'MEMBER') THEN
    EXECUTE format('GRANT portal_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_partner_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_invite_token() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.invite_token', true), '') $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO portal_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_tenant_id(), app_partner_id(), app_user_id(), app_invite_token() TO portal_app;
--> statement-breakpoint
-- global tables: the directory of tenants, and users (whose rows are limited by policy)
GRANT SELECT ON tenants TO portal_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON users TO portal_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON partners, facilities, items, memberships, invitations TO portal_app;
--> statement-breakpoint
-- the audit log is append-only for the application
GRANT SELECT, INSERT ON audit_log, emails TO portal_app;
--> statement-breakpoint
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE partners FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY partners_isolation ON partners
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR id = app_partner_id()))
  WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
ALTER TABLE facilities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE facilities FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY facilities_isolation ON facilities
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
ALTER TABLE items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- every member of the tenant may read its items; only internal staff may change them
CREATE POLICY items_read ON items FOR SELECT USING (tenant_id = app_tenant_id());
--> statement-breakpoint
CREATE POLICY items_write ON items FOR ALL
  USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL)
  WITH CHECK (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_isolation ON memberships
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- a signed-in user may list their own memberships (to pick a tenant) before any tenant is chosen
CREATE POLICY memberships_own ON memberships FOR SELECT USING (user_id = app_user_id());
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_isolation ON invitations
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
-- whoever holds an invitation's token may read that one invitation (to accept it)
CREATE POLICY invitations_by_token ON invitations FOR SELECT USING (token_hash = app_invite_token());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_log_read ON audit_log FOR SELECT
  USING (tenant_id = app_tenant_id() AND (app_partner_id() IS NULL OR partner_id = app_partner_id()));
--> statement-breakpoint
CREATE POLICY audit_log_append ON audit_log FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
ALTER TABLE emails ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE emails FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- the outbox is for internal staff; partner admins' invitations still record their mail
CREATE POLICY emails_read ON emails FOR SELECT USING (tenant_id = app_tenant_id() AND app_partner_id() IS NULL);
--> statement-breakpoint
CREATE POLICY emails_append ON emails FOR INSERT WITH CHECK (tenant_id = app_tenant_id());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- in the application role a user row is visible to its owner and to members of the same tenant
-- (partner users: of the same partner, through the memberships policy)
CREATE POLICY users_visible ON users FOR SELECT USING (
  id = app_user_id()
  OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = app_tenant_id())
);
--> statement-breakpoint
CREATE POLICY users_update_self ON users FOR UPDATE USING (id = app_user_id());
