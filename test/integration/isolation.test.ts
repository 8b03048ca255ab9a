// THE ISOLATION SWEEP. Every in-tenant route (read from the Remix server build, so a route added
// later joins on its own) is requested by people who must not reach the victim's records:
//   (a) admin@contoso.test on /northwind/... URLs (another tenant);
//   (b) admin@contoso.test on /contoso/... URLs carrying Northwind record ids;
//   (c) filler@delta.test (partner admin of Delta Co-Packers, in Northwind) on /northwind/... URLs
//       carrying records of another partner, Sunrise Packaging.
// Each GET (document and loader data) and each POST (every intent the route's source mentions)
// must be a 404 and leave the database unchanged. Positive controls show the same URLs work for
// their legitimate users, so the sweep can fail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { inviteMember } from "../../app/server/accounts.server";
import type { Database } from "../../app/server/db.server";
import { partners } from "../../drizzle/schema";
import { addMember, createUser } from "../../drizzle/seed";
import { setupTestDatabase } from "../helpers/db";
import { contextFor } from "../helpers/factories";
import { startTestServer, type FormFields, type TestServer } from "../helpers/http";
import {
  changedTables,
  DEFAULT_INTENTS,
  findVictims,
  hasPartnerOwnedParam,
  inTenantRoutes,
  isHolderRoute,
  partnerOwnedTables,
  routeUrl,
  snapshot,
  unknownParams,
  victimSlice,
  type Scope,
  type TenantRoute,
  VICTIMS,
} from "../helpers/isolation-sweep";

process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-isolation-mail-"));

// private details of Northwind's Sunrise Packaging that no attacker's page may ever show
const LEAK_MARKERS = ["victim@sunrise.test", "invitee@sunrise.test", "12 Mill Lane"];

let database: Database;
let server: TestServer;
let routes: TenantRoute[];
let partnerTables: string[];
const ids = {} as {
  northwind: string;
  contoso: string;
  nwSunrise: string;
  nwDelta: string;
  coSunrise: string;
};
// one victim record of every kind, also sent in form bodies for actions that take ids from the form
let allVictimIds: Record<string, string> = {};
const cookies = {} as Record<"nwAdmin" | "coAdmin" | "delta" | "sunrise", string>;

interface Attacker {
  key: "a" | "b" | "c" | "d";
  label: string;
  cookie: () => string;
  tenantSlug: string;
}
const SWEEP_TIMEOUT = 300_000;
const failures: string[] = [];
const swept = new Map<string, Set<string>>();
const stats = { requests: 0 };

function noteSwept(route: TenantRoute, attacker: string) {
  if (!swept.has(route.id)) swept.set(route.id, new Set());
  swept.get(route.id)!.add(attacker);
}

async function findId(table: typeof partners, tenantId: string, name: string) {
  const [row] = await database.db.select({ id: table.id }).from(table).where(and(eq(table.tenantId, tenantId), eq(table.name, name)));
  if (!row) throw new Error(`no partner ${name}`);
  return row.id;
}


beforeAll(async () => {
  const setup = await setupTestDatabase({ seed: true });
  database = setup.database;
  ids.northwind = setup.demo!.northwind.id;
  ids.contoso = setup.demo!.contoso.id;
  ids.nwSunrise = await findId(partners, ids.northwind, "Sunrise Packaging");
  ids.nwDelta = await findId(partners, ids.northwind, "Delta Co-Packers");
  ids.coSunrise = await findId(partners, ids.contoso, "Sunrise Packaging");

  // victims the demo lacks: users who belong to one tenant only, invitations (which also write an
  // email and an audit entry) for the victim partner, the attacker's own partner, and Contoso
  const nwVictim = await createUser(database.db, "victim@sunrise.test", "Vic Victim", null);
  await addMember(ids.northwind, nwVictim.id, "partner_user", ids.nwSunrise);
  const coOnly = await createUser(database.db, "contoso-only@sunrise.test", "Cora Contoso-only", null);
  await addMember(ids.contoso, coOnly.id, "partner_user", ids.coSunrise);
  const nwAdmin = await contextFor(database, "admin@northwind.test", "northwind");
  const coAdmin = await contextFor(database, "admin@contoso.test", "contoso");
  await inviteMember(nwAdmin, { email: "invitee@sunrise.test", role: "partner_user", partnerId: ids.nwSunrise });
  await inviteMember(nwAdmin, { email: "invitee@delta.test", role: "partner_user", partnerId: ids.nwDelta });
  await inviteMember(coAdmin, { email: "invitee-contoso@sunrise.test", role: "partner_user", partnerId: ids.coSunrise });

  server = await startTestServer();
  routes = inTenantRoutes(server.build);
  partnerTables = await partnerOwnedTables(database.db);
  for (const [param, finder] of Object.entries(VICTIMS)) {
    const id = await finder.find(database.db, nwSunriseScope());
    if (id) allVictimIds[param] = id;
  }
  cookies.nwAdmin = await server.login("admin@northwind.test");
  cookies.coAdmin = await server.login("admin@contoso.test");
  cookies.delta = await server.login("filler@delta.test");
  cookies.sunrise = await server.login("supplier@sunrise.test");
});

afterAll(async () => {
  await server?.close();
  await database?.close();
  fs.rmSync(process.env.MAIL_DIR!, { recursive: true, force: true });
});

const nwSunriseScope = (): Scope => ({ tenantId: ids.northwind, partnerId: ids.nwSunrise });
const nwDeltaScope = (): Scope => ({ tenantId: ids.northwind, partnerId: ids.nwDelta });
/** Whose records a route's victims are: Sunrise's, or Delta's for stock a filler holds. */
const victimScope = (route: TenantRoute): Scope => (isHolderRoute(route) ? nwDeltaScope() : nwSunriseScope());

function dataUrl(url: string, routeId: string) {
  return `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
}
function actionUrl(url: string, route: TenantRoute) {
  return route.index ? `${url}?index` : url;
}

/** A form that would change the victim's record if the route let it through. */
function attackForm(intent: string | undefined, victims: Record<string, string>): FormFields {
  return {
    intent,
    version: 1,
    name: "Hijacked by the isolation sweep",
    kind: "supplier",
    code: "HIJACK-1",
    contactEmail: "attacker@evil.test",
    address: "1 Attacker Road",
    city: "Evil",
    country: "NL",
    resources: "Stolen line",
    description: "Hijacked item",
    uom: "ea",
    abcClass: "A",
    leadTimeDays: 3,
    standardCost: "1.25",
    email: "attacker-invitee@evil.test",
    // an internal role is the escalation to try on members; a partner role tests invitations
    role: intent === undefined || intent === "invite" ? "partner_user" : "admin",
    active: "false",
    csv: "code,description,uom,abc_class,lead_time_days\nHIJACK-2,Hijacked item,ea,A,3\n",
    // record ids in the body too, for actions that take them from the form
    ...allVictimIds,
    partnerId: ids.nwSunrise,
    ...victims,
  };
}

/** The intents the route's source names (or a few common ones), plus a form with no intent at all. */
function intentsFor(route: TenantRoute): (string | undefined)[] {
  const named = route.intents.length ? route.intents : DEFAULT_INTENTS;
  return [...new Set<string>([...named, "update"])].sort().concat([undefined as never]);
}

const CSV_FILE = { name: "items.csv", type: "text/csv", content: "code,description,uom,abc_class,lead_time_days\nHIJACK-3,Hijacked item,ea,A,3\n" };

interface Probe {
  method: "GET" | "POST";
  url: string;
  describe: string;
  send: (url: string) => Promise<Response>;
}

function probesFor(route: TenantRoute, attacker: Attacker, victims: Record<string, string>): Probe[] {
  const url = routeUrl(route, attacker.tenantSlug, victims);
  const cookie = attacker.cookie();
  const probes: Probe[] = [];
  if (route.hasLoader) {
    probes.push({ method: "GET", url, describe: "GET", send: (u) => server.get(u, cookie) });
    probes.push({ method: "GET", url: dataUrl(url, route.id), describe: "GET _data", send: (u) => server.get(u, cookie) });
  }
  if (route.hasAction) {
    const target = actionUrl(url, route);
    for (const intent of intentsFor(route)) {
      probes.push({
        method: "POST",
        url: target,
        describe: `POST intent=${intent ?? "(none)"}`,
        send: (u) => server.post(u, cookie, attackForm(intent, victims)),
      });
    }
    probes.push({
      method: "POST",
      url: target,
      describe: "POST multipart intent=import",
      send: (u) => server.post(u, cookie, attackForm("import", victims), { multipart: true, files: { file: CSV_FILE } }),
    });
  }
  return probes;
}

function leaks(body: string): string[] {
  return LEAK_MARKERS.filter((m) => body.includes(m));
}

/** Strict: 404 and no change anywhere (record routes look the record up before reading the form). */
async function strictSweep(route: TenantRoute, attacker: Attacker, victims: Record<string, string>) {
  noteSwept(route, attacker.key);
  for (const probe of probesFor(route, attacker, victims)) {
    const before = await snapshot(database.db);
    const res = await probe.send(probe.url);
    const body = await res.text();
    stats.requests++;
    const after = await snapshot(database.db);
    const where = `(${attacker.key}) ${attacker.label}: ${probe.describe} ${probe.url} [${route.id}]`;
    const ok = res.status === 404;
    if (!ok) failures.push(`${where}: expected 404, got ${res.status}`);
    const changed = changedTables(before, after);
    if (changed.length) failures.push(`${where}: changed the database (${changed.join(", ")})`);
    const leaked = leaks(body);
    if (leaked.length) failures.push(`${where}: response shows ${leaked.join(", ")}`);
  }
}

/**
 * Lenient, for routes that name no victim record (or only tenant-wide ones) in the URL: the attacker
 * may act on its own data, but nothing of the victim's may change or show, and nothing may crash.
 */
async function lenientSweep(route: TenantRoute, attacker: Attacker, victims: Record<string, string>, victim: Parameters<typeof victimSlice>[1]) {
  noteSwept(route, attacker.key);
  for (const probe of probesFor(route, attacker, victims)) {
    const before = await victimSlice(database.db, victim, partnerTables);
    const res = await probe.send(probe.url);
    const body = await res.text();
    stats.requests++;
    const after = await victimSlice(database.db, victim, partnerTables);
    const where = `(${attacker.key}) ${attacker.label}: ${probe.describe} ${probe.url} [${route.id}]`;
    if (res.status >= 500) failures.push(`${where}: server error ${res.status}`);
    if (before !== after) failures.push(`${where}: changed the victim's rows`);
    const leaked = leaks(body);
    if (leaked.length) failures.push(`${where}: response shows ${leaked.join(", ")}`);
  }
}

const attackers = (): Record<"a" | "b" | "c" | "d", Attacker> => ({
  a: { key: "a", label: "admin@contoso.test on Northwind URLs", cookie: () => cookies.coAdmin, tenantSlug: "northwind" },
  b: { key: "b", label: "admin@contoso.test on Contoso URLs with Northwind ids", cookie: () => cookies.coAdmin, tenantSlug: "contoso" },
  c: { key: "c", label: "filler@delta.test on Northwind URLs with Sunrise's records", cookie: () => cookies.delta, tenantSlug: "northwind" },
  // for stock a filler holds, the roles swap: Sunrise's user on Delta's records
  d: { key: "d", label: "supplier@sunrise.test on Northwind URLs with Delta's records", cookie: () => cookies.sunrise, tenantSlug: "northwind" },
});

function sweepable(): TenantRoute[] {
  return routes.filter((r) => (r.hasLoader || r.hasAction) && unknownParams(r).length === 0);
}

async function victimsOrFail(route: TenantRoute, scope: Scope, who: string) {
  const v = await findVictims(database.db, route, scope);
  if (!v) failures.push(`[${route.id}] no ${who} record found for ${route.params.join(", ")}: make the sweep's setup create one`);
  return v;
}

describe("isolation sweep over every in-tenant route", () => {
  let before: Record<string, string>;

  test("the build has in-tenant routes, and every URL param has a victim record", () => {
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.map((r) => r.id)).toContain("routes/$tenant");
    const missing = routes.flatMap((r) => unknownParams(r).map((p) => `add a victim record for :${p} to the isolation sweep (route ${r.id})`));
    expect(missing, missing.join("\n")).toEqual([]);
  });

  test("positive controls: the legitimate users reach the same URLs", async () => {
    failures.length = 0;
    const controls: string[] = [];
    for (const route of sweepable().filter((r) => r.hasLoader)) {
      // Northwind's admin on Northwind's (Sunrise-owned where possible) records
      const nw = await victimsOrFail(route, victimScope(route), "Northwind");
      if (nw) {
        const url = routeUrl(route, "northwind", nw);
        for (const u of [url, dataUrl(url, route.id)]) {
          const res = await server.get(u, cookies.nwAdmin);
          await res.body?.cancel();
          if (res.status === 404 && route.params.length === 0) {
            // pages only a partner uses (e.g. a new ship notice): the supplier must reach them instead
            const partnerRes = await server.get(u, cookies.sunrise);
            await partnerRes.body?.cancel();
            if (partnerRes.status === 404 || partnerRes.status >= 500)
              failures.push(`neither admin@northwind.test nor supplier@sunrise.test reach ${u} [${route.id}]: ${res.status}/${partnerRes.status}`);
            continue;
          }
          if (res.status === 404 || res.status >= 500) failures.push(`admin@northwind.test GET ${u} [${route.id}]: got ${res.status}, expected the page`);
        }
      }
      if (route.params.length === 0) continue;
      // Contoso's admin on Contoso's own records, through the same route (Contoso has no filler holding stock)
      const co = isHolderRoute(route) ? null : await victimsOrFail(route, { tenantId: ids.contoso, partnerId: ids.coSunrise }, "Contoso");
      if (co) {
        const u = routeUrl(route, "contoso", co);
        const res = await server.get(u, cookies.coAdmin);
        await res.body?.cancel();
        if (res.status === 404 || res.status >= 500) failures.push(`admin@contoso.test GET ${u} [${route.id}]: got ${res.status}, expected the page`);
      }
      if (!hasPartnerOwnedParam(route)) continue;
      // partner users on their own partner's records: whatever the route allows, never a crash
      const own: string[] = [];
      for (const [who, cookie, partnerId] of [
        ["supplier@sunrise.test", cookies.sunrise, ids.nwSunrise],
        ["filler@delta.test", cookies.delta, ids.nwDelta],
      ] as const) {
        // a supplier holds no stock: it has no counts of its own to open
        const v = isHolderRoute(route) && partnerId === ids.nwSunrise ? null : await victimsOrFail(route, { tenantId: ids.northwind, partnerId }, who);
        if (!v) continue;
        const u = routeUrl(route, "northwind", v);
        const res = await server.get(u, cookie);
        await res.body?.cancel();
        if (res.status >= 500) failures.push(`${who} GET own record ${u} [${route.id}]: server error ${res.status}`);
        own.push(`${who}→${res.status}`);
      }
      controls.push(`${route.id}: partner users on their own records: ${own.join(", ")}`);
    }
    if (controls.length) console.log("Isolation sweep, partner positive controls:\n  " + controls.join("\n  "));
    expect(failures, failures.join("\n")).toEqual([]);
  }, SWEEP_TIMEOUT);

  test("(a) another tenant's admin gets 404 on every Northwind URL and changes nothing", async () => {
    failures.length = 0;
    before = await snapshot(database.db);
    for (const route of sweepable()) {
      const victims = await victimsOrFail(route, victimScope(route), "Northwind");
      if (victims) await strictSweep(route, attackers().a, victims);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, SWEEP_TIMEOUT);

  test("(b) another tenant's admin gets 404 for Northwind record ids under its own tenant", async () => {
    failures.length = 0;
    for (const route of sweepable().filter((r) => r.params.some((p) => p !== "*"))) {
      const victims = await victimsOrFail(route, victimScope(route), "Northwind");
      if (victims) await strictSweep(route, attackers().b, victims);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, SWEEP_TIMEOUT);

  test("(c) another partner's user gets 404 for Sunrise's records and changes nothing", async () => {
    failures.length = 0;
    for (const route of sweepable().filter(hasPartnerOwnedParam)) {
      const holder = isHolderRoute(route);
      const victims = await victimsOrFail(route, victimScope(route), holder ? "Delta" : "Sunrise");
      if (victims) await strictSweep(route, holder ? attackers().d : attackers().c, victims);
    }
    // the whole sweep so far left every table as it was
    expect(changedTables(before, await snapshot(database.db))).toEqual([]);
    expect(failures, failures.join("\n")).toEqual([]);
  }, SWEEP_TIMEOUT);

  test("routes that name no victim record: no crash, no leak, and the victim's rows never change", async () => {
    failures.length = 0;
    const { b, c } = attackers();
    // (b): the Contoso admin works in its own tenant, with Northwind ids in the form
    for (const route of sweepable().filter((r) => !r.params.some((p) => p !== "*"))) {
      const victims = (await findVictims(database.db, route, nwSunriseScope())) ?? {};
      await lenientSweep(route, b, victims, { tenantId: ids.northwind, attackerTenantId: ids.contoso });
    }
    // (c): Delta's admin on routes without a partner-owned record in the URL
    for (const route of sweepable().filter((r) => !hasPartnerOwnedParam(r))) {
      const victims = await victimsOrFail(route, nwSunriseScope(), "Northwind");
      if (victims) await lenientSweep(route, c, victims, { tenantId: ids.northwind, partnerId: ids.nwSunrise });
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, SWEEP_TIMEOUT);

  test("the sweep covered every in-tenant route with a loader or an action", () => {
    const expected = routes.filter((r) => r.hasLoader || r.hasAction).map((r) => r.id);
    const lines = routes.map((r) => {
      const by = [...(swept.get(r.id) ?? [])].sort().join("");
      const kind = [r.hasLoader ? "loader" : "", r.hasAction ? "action" : ""].filter(Boolean).join("+") || "none";
      return `${r.id.padEnd(44)} /${r.pattern.padEnd(36)} ${kind.padEnd(13)} attackers: ${by || "-"}`;
    });
    console.log(
      `Isolation sweep: ${swept.size} in-tenant routes, ${[...swept.values()].reduce((n, s) => n + s.size, 0)} route×attacker pairs, ` +
        `${stats.requests} requests\n  ` +
        lines.join("\n  "),
    );
    expect([...swept.keys()].sort()).toEqual(expected.sort());
    for (const r of routes.filter((x) => x.hasLoader || x.hasAction)) expect(swept.get(r.id)?.has("a"), `${r.id} swept by (a)`).toBe(true);
  });
});
