// npm run bench: purchase-order lists at realistic scale (100,000 POs, ~300,000 lines in one tenant).
// Each figure is the app function's time and its ratio to a baseline measured in the same run: the
// plain list SQL sent through raw postgres.js. EXPLAIN (ANALYZE, BUFFERS) runs as the application
// role with the tenant set, so the plans are the ones row-level security really produces.
//
// BENCH_DATABASE_URL: an existing database to use (kept). Without it a fresh database
// portal_bench_<pid> is created on the local server and dropped at the end.
// BENCH_RUNS (default 30), BENCH_POS (default 100000), BENCH_INSPECTIONS (default 100000) tune the
// size of the run. A second table times the inspection list, detail and scorecard measures.
import postgres from "postgres";
import { migrate, openDatabase, useDatabase, type Database } from "../app/server/db.server";
import { getPurchaseOrder, listPurchaseOrders, type PoListFilter } from "../app/server/purchase-orders.server";
import { getInspection, inspectionMeasures, listInspections, listSwitchingStates } from "../app/server/inspections.server";
import type { TenantContext } from "../app/server/auth.server";
import { hasDemoData, memberContext, seedDemo } from "../drizzle/seed";

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PO_COUNT = Number(process.env.BENCH_POS ?? 100_000);
const INSPECTION_COUNT = Number(process.env.BENCH_INSPECTIONS ?? 100_000);
const SLOW_MS = 50;
// generated POs are numbered PO-200001..; the demo seed uses PO-1000xx
const FIRST_NUMBER = 200_001;

const started = performance.now();
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

function withDatabaseName(url: string, name: string) {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}


/** Bulk data as the owner, in one transaction that names the tenant (FORCE RLS binds a non-superuser owner too). */
async function generate(raw: postgres.Sql, tenantId: string) {
  await raw.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`;
    const ps = await sql<{ id: string; name: string }[]>`
      select id, name from partners where tenant_id = ${tenantId}
        and name in ('Sunrise Packaging', 'Metro Production Services', 'Delta Co-Packers') order by name`;
    if (ps.length !== 3) throw new Error(`expected the 3 ordering partners in northwind, found ${ps.length}`);
    const fac = await sql<{ id: string; partner_id: string }[]>`
      select id, partner_id from facilities where tenant_id = ${tenantId} and partner_id in ${sql(ps.map((p) => p.id))} order by name`;
    const partnerIds = ps.map((p) => p.id);
    const shipTo = partnerIds.map((pid) => {
      const f = fac.find((x) => x.partner_id === pid);
      if (!f) throw new Error(`no facility for partner ${pid}`);
      return f.id;
    });
    // status mix of a tenant two years in: mostly history, a working set of open orders
    // (bucket = h % 100): draft 2, issued 5, changes_proposed 1, acknowledged 2, confirmed 12,
    // rejected 1, partially_shipped 2, shipped 4, partially_received 2, received 15, closed 50, cancelled 4
    await sql.unsafe(
      `
      insert into purchase_orders (tenant_id, number, partner_id, ship_to_facility_id, currency, incoterms, payment_terms,
        order_type, priority, notes, status, revision, version, issued_at, responded_at, cancel_reason, created_at, updated_at)
      select $1::uuid, 'PO-' || ($5::int + g - 1), p.partner_id, p.ship_to, 'EUR', (array['DAP','FCA','EXW','DDP'])[1 + g % 4],
        '30 days net', (array['standard','standard','standard','seasonal','hot'])[1 + g % 5], 1 + g % 5, '',
        s.status,
        case when s.status = 'draft' then 0 else 1 + (g % 7 = 0)::int end,
        case when s.status = 'draft' then 1 else 2 + (g % 4) end,
        case when s.status = 'draft' then null else t.created_at + interval '2 hours' end,
        case when s.status in ('draft','issued') then null else t.created_at + interval '30 hours' end,
        case when s.status = 'cancelled' then 'Demand changed' end,
        t.created_at, t.created_at + interval '3 days'
      from generate_series(1, $4::int) g
      cross join lateral (select (g * 2654435761::bigint) % 1000003 as h) hh
      cross join lateral (select 1 + (hh.h % 3)::int as pi) pp
      cross join lateral (select ($2::uuid[])[pp.pi] as partner_id, ($3::uuid[])[pp.pi] as ship_to) p
      cross join lateral (select case
          when hh.h % 100 < 2 then 'draft'
          when hh.h % 100 < 7 then 'issued'
          when hh.h % 100 < 8 then 'changes_proposed'
          when hh.h % 100 < 10 then 'acknowledged'
          when hh.h % 100 < 22 then 'confirmed'
          when hh.h % 100 < 23 then 'rejected'
          when hh.h % 100 < 25 then 'partially_shipped'
          when hh.h % 100 < 29 then 'shipped'
          when hh.h % 100 < 31 then 'partially_received'
          when hh.h % 100 < 46 then 'received'
          when hh.h % 100 < 96 then 'closed'
          else 'cancelled' end as status) s
      -- open orders are recent, history spreads over two years
      cross join lateral (select now() - make_interval(secs => (case
          when s.status in ('draft','issued','changes_proposed','acknowledged','confirmed') then (hh.h % 90)
          else (hh.h % 730) end) * 86400 + (hh.h % 86400)) as created_at) t
      `,
      [tenantId, partnerIds, shipTo, PO_COUNT, FIRST_NUMBER],
    );
    // 2-4 lines per PO (3 on average), distinct items, partner_id copied from the PO
    await sql.unsafe(
      `
      with it as (
        select id, uom, (row_number() over (order by code) - 1)::int as rn, count(*) over ()::int as n
        from items where tenant_id = $1::uuid and active
      ), po as (
        select tenant_id, id, partner_id, status, created_at, k from (
          select *, case when number ~ '^PO-[0-9]{1,9}$' then substring(number from 4)::int end as k
          from purchase_orders where tenant_id = $1::uuid) x
        where k >= $2::int
      )
      insert into po_lines (tenant_id, po_id, partner_id, line_no, item_id, quantity, uom, unit_price, requested_date,
        first_committed_date, committed_date, shipped_date, received_date, quantity_shipped, quantity_received, cancelled, response_code)
      select po.tenant_id, po.id, po.partner_id, l, it.id, q.qty, it.uom, q.price, q.req,
        case when c.committed then q.req end, case when c.committed then q.req + (l % 3) end,
        case when c.shipped then q.req end, case when c.received then q.req + 2 end,
        case when c.shipped then q.qty else 0 end, case when c.received then q.qty else 0 end,
        po.status = 'cancelled', case when c.committed then 'IA' end
      from po
      cross join lateral generate_series(1, 2 + po.k % 3) l
      join it on it.rn = (po.k * 5 + l * 7) % it.n
      cross join lateral (select (100 * (1 + (po.k + l) % 50))::numeric(14,3) as qty,
        (0.05 + ((po.k * 31 + l) % 400) / 100.0)::numeric(14,4) as price,
        (po.created_at + make_interval(days => 14 + (po.k + l) % 30))::date as req) q
      cross join lateral (select
        po.status not in ('draft','issued','changes_proposed','rejected','cancelled') as committed,
        po.status in ('partially_shipped','shipped','partially_received','received','closed') as shipped,
        po.status in ('partially_received','received','closed') as received) c
      `,
      [tenantId, FIRST_NUMBER],
    );
  });
  await raw.unsafe("analyze purchase_orders");
  await raw.unsafe("analyze po_lines");
}

/** Two years of signed-off inspections (plus a working set still open), with defects on ~40% of them. */
async function generateInspections(raw: postgres.Sql, tenantId: string) {
  await raw.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`;
    await sql.unsafe(
      `
      with p as (select array_agg(id order by name) ids from partners where tenant_id = $1 and kind <> 'carrier'),
           it as (select array_agg(id order by code) ids from items where tenant_id = $1)
      insert into inspections (tenant_id, number, kind, status, partner_id, item_id, lot_number, lot_size, resubmission,
        level, severity, plans, units_inspected, computed_verdict, final_verdict, signed_off_at, escalation, created_at, updated_at)
      select $1::uuid, 'INS-B' || g, case when g % 10 = 0 then 'pre_shipment' else 'receiving' end,
        case when g % 50 = 0 then 'booked' else 'signed_off' end,
        p.ids[1 + g % array_length(p.ids, 1)], it.ids[1 + (g * 7) % array_length(it.ids, 1)], 'LOT-' || g, 3200, g % 40 = 0,
        'II', 'normal', '{"major":{"aql":"2.5","codeLetter":"K","planCodeLetter":"K","sampleSize":125,"tableSampleSize":125,"acceptance":7,"rejection":8,"inspectAll":false,"oneStepTighterAc":5}}'::jsonb,
        125, v.verdict, v.verdict, case when g % 50 = 0 then null else t.at end,
        case when v.verdict = 'rejected' and g % 50 <> 0 then 'pending' end, t.at, t.at
      from generate_series(1, $2::int) g, p, it
      cross join lateral (select now() - make_interval(secs => (($2::int - g)::float8 / $2::int) * 730 * 86400) as at) t
      cross join lateral (select case when g % 50 = 0 then null when g % 14 = 0 then 'rejected' else 'accepted' end as verdict) v
      `,
      [tenantId, INSPECTION_COUNT],
    );
    await sql.unsafe(
      `
      insert into inspection_defects (tenant_id, inspection_id, partner_id, defect_type_id, defect_class, quantity)
      select i.tenant_id, i.id, i.partner_id, d.id, d.defect_class, 1 + (hashtext(i.number) & 7)
      from inspections i
      join lateral (select id, defect_class from defect_types where tenant_id = i.tenant_id order by code offset (hashtext(i.number) & 3) limit 1) d on true
      where i.tenant_id = $1 and i.number like 'INS-B%' and (hashtext(i.number) & 15) < 6
      `,
      [tenantId],
    );
  });
  await raw.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`;
    await sql.unsafe(
      `update inspections i set defects_found = d.total
       from (select inspection_id, sum(quantity)::int as total from inspection_defects where tenant_id = $1 group by inspection_id) d
       where i.tenant_id = $1 and i.id = d.inspection_id`,
      [tenantId],
    );
  });
  // freshly written rows: vacuum sets the visibility map so the covering indexes serve index-only scans
  await raw.unsafe("vacuum analyze inspections");
  await raw.unsafe("analyze inspection_defects");
}

interface Stat {
  median: number;
  p95: number;
  min: number;
}
function stats(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p95: at(0.95), min: s[0] };
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<{ stat: Stat; runs: number }> {
  const w0 = performance.now();
  for (let i = 0; i < 3; i++) await fn(); // warm-up: connections, plan cache, buffers
  // keep the run bounded: a case slower than 300 ms gets 10 runs
  if ((performance.now() - w0) / 3 > 300) runs = Math.min(runs, 10);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { stat: stats(samples), runs };
}

/** Captures the SQL drizzle sends, through the session logger (transactions reuse the session's options). */
function queryCapture(database: Database) {
  const session = (database.db as unknown as { session?: { logger?: unknown; options?: { logger?: unknown } } }).session;
  let capturing = false;
  const captured: { sql: string; params: unknown[] }[] = [];
  const logger = {
    logQuery(query: string, params: unknown[]) {
      if (capturing) captured.push({ sql: query, params });
    },
  };
  if (!session?.options) throw new Error("cannot attach a query logger to this drizzle instance");
  session.options.logger = logger;
  session.logger = logger;
  return async (fn: () => Promise<unknown>) => {
    captured.length = 0;
    capturing = true;
    try {
      await fn();
    } finally {
      capturing = false;
    }
    const q = captured.find((c) => /^\s*select/i.test(c.sql) && c.sql.includes('from "purchase_orders"'));
    if (!q) throw new Error("the purchase-order list query was not captured");
    return q;
  };
}

interface PlanReport {
  name: string;
  lines: string[];
  tenantIndex: string | null;
  seqScan: boolean;
  execMs: number;
}

async function explain(raw: postgres.Sql, ctx: TenantContext, name: string, q: { sql: string; params: unknown[] }): Promise<PlanReport> {
  const rows = await raw.begin(async (sql) => {
    await sql.unsafe("SET LOCAL ROLE portal_app");
    await sql`select set_config('app.tenant_id', ${ctx.tenantId}, true),
                     set_config('app.partner_id', ${ctx.partnerId ?? ""}, true),
                     set_config('app.user_id', ${ctx.userId}, true)`;
    return sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params as never[]);
  });
  const lines = (rows as unknown as Record<string, string>[]).map((r) => r["QUERY PLAN"]);
  const text = lines.join("\n");
  const idx = /(?:Index|Index Only|Bitmap Index) Scan(?: Backward)? (?:using|on) (purchase_orders_tenant_\w+)/.exec(text);
  return {
    name,
    lines,
    tenantIndex: idx?.[1] ?? null,
    seqScan: /Seq Scan on purchase_orders\b/.test(text),
    execMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
  };
}

async function main() {
  const own = !process.env.BENCH_DATABASE_URL;
  const server = process.env.BENCH_LOCAL_URL ?? LOCAL_SERVER;
  const dbName = `portal_bench_${process.pid}`;
  const url = own ? withDatabaseName(server, dbName) : process.env.BENCH_DATABASE_URL!;
  let admin: postgres.Sql | null = null;
  let database: Database | null = null;
  let raw: postgres.Sql | null = null;
  if (own) {
    admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${dbName}"`);
    log(`created database ${dbName}`);
  } else log(`using BENCH_DATABASE_URL (kept at the end)`);
  try {
    database = await openDatabase(url, "");
    useDatabase(database);
    raw = postgres(url, { max: 2, onnotice: () => {} });
    await migrate(database);
    if (!(await hasDemoData(database.db))) {
      await seedDemo(database.db);
      log("migrated and seeded the demo tenants");
    } else log("demo data already present");

    const planner = await memberContext(database.db, "planner@northwind.test", "northwind");
    const supplier = await memberContext(database.db, "supplier@sunrise.test", "northwind");
    const [{ n: existing }] = await raw<{ n: number }[]>`
      select count(*)::int as n from purchase_orders where tenant_id = ${planner.tenantId} and number = ${`PO-${FIRST_NUMBER}`}`;
    if (existing) log("generated orders already present");
    else {
      const t0 = performance.now();
      await generate(raw, planner.tenantId);
      log(`generated ${PO_COUNT.toLocaleString("en")} POs and their lines in ${((performance.now() - t0) / 1000).toFixed(1)} s, analyzed`);
    }
    const [counts] = await raw<{ pos: number; lines: number; issued_sunrise: number; sunrise: number }[]>`
      select (select count(*)::int from purchase_orders where tenant_id = ${planner.tenantId}) as pos,
             (select count(*)::int from po_lines where tenant_id = ${planner.tenantId}) as lines,
             (select count(*)::int from purchase_orders where tenant_id = ${planner.tenantId} and partner_id = ${supplier.partnerId!}) as sunrise,
             (select count(*)::int from purchase_orders where tenant_id = ${planner.tenantId} and partner_id = ${supplier.partnerId!} and status = 'issued') as issued_sunrise`;
    log(`northwind: ${counts.pos} POs, ${counts.lines} lines; Sunrise ${counts.sunrise} POs, ${counts.issued_sunrise} awaiting its answer`);

    const delta = (await raw<{ id: string }[]>`select id from partners where tenant_id = ${planner.tenantId} and name = 'Delta Co-Packers'`)[0].id;
    const first = await listPurchaseOrders(planner, {}, null);
    let cursor = first.nextCursor;
    for (let i = 1; i < 20 && cursor; i++) cursor = (await listPurchaseOrders(planner, {}, cursor)).nextCursor;
    if (!cursor) throw new Error("could not follow 20 pages");
    const deepCursor = cursor;
    const inboxFirst = await listPurchaseOrders(supplier, {}, null);
    const samplePo = first.items[7].id;
    const supplierPo = inboxFirst.items[3].id;

    const cases: { name: string; ctx: TenantContext; filter: PoListFilter; after: string | null; runs?: number }[] = [
      { name: "(a) planner, first page", ctx: planner, filter: {}, after: null },
      { name: "(b) planner, page 21 (cursor)", ctx: planner, filter: {}, after: deepCursor },
      { name: "(c) status = issued", ctx: planner, filter: { status: "issued" }, after: null },
      { name: "(c') status = closed", ctx: planner, filter: { status: "closed" }, after: null },
      { name: "(d) partner = Delta", ctx: planner, filter: { partnerId: delta }, after: null },
      { name: "(e) search item RM-HONEY", ctx: planner, filter: { q: "RM-HONEY" }, after: null },
      { name: "(e') search, no match", ctx: planner, filter: { q: "NO-SUCH-CODE" }, after: null },
      { name: "(f) supplier inbox (Sunrise)", ctx: supplier, filter: {}, after: null },
    ];

    // baseline: the plain list SQL through raw postgres.js, owner connection, no transaction
    const baselineSql = raw;
    const { stat: baseline } = await measure(RUNS, () =>
      baselineSql`select id, number, status, revision, order_type, issued_at, created_at, currency
                  from purchase_orders where tenant_id = ${planner.tenantId}
                  order by created_at desc, id desc limit 51`,
    );
    log(`baseline measured (${RUNS} runs)`);
    const results: { name: string; stat: Stat; runs: number }[] = [{ name: "baseline: raw postgres.js list SQL", stat: baseline, runs: RUNS }];
    results.push({
      name: "raw SQL in an RLS transaction",
      ...(await measure(RUNS, () =>
        raw!.begin(async (sql) => {
          await sql.unsafe("SET LOCAL ROLE portal_app");
          await sql`select set_config('app.tenant_id', ${planner.tenantId}, true), set_config('app.partner_id', '', true), set_config('app.user_id', ${planner.userId}, true)`;
          return sql`select id, number, status, revision, order_type, issued_at, created_at, currency
                     from purchase_orders where tenant_id = ${planner.tenantId}
                     order by created_at desc, id desc limit 51`;
        }),
      )),
    });
    for (const c of cases) {
      results.push({ name: `listPurchaseOrders ${c.name}`, ...(await measure(c.runs ?? RUNS, () => listPurchaseOrders(c.ctx, c.filter, c.after))) });
      log(`measured ${c.name}`);
    }
    results.push({ name: "getPurchaseOrder (planner)", ...(await measure(RUNS, () => getPurchaseOrder(planner, samplePo))) });
    results.push({ name: "getPurchaseOrder (supplier)", ...(await measure(RUNS, () => getPurchaseOrder(supplier, supplierPo))) });

    // plans, as portal_app with the tenant (and partner) set
    const capture = queryCapture(database);
    const plans: PlanReport[] = [];
    for (const c of cases) {
      const q = await capture(() => listPurchaseOrders(c.ctx, c.filter, c.after));
      plans.push(await explain(raw, c.ctx, c.name, q));
    }

    const b = baseline.median;
    const fmt = (n: number) => n.toFixed(2).padStart(8);
    const width = Math.max(...results.map((r) => r.name.length)) + 2;
    console.log(`\nPurchase-order lists, ${counts.pos.toLocaleString("en")} POs / ${counts.lines.toLocaleString("en")} lines in northwind (${database.kind}), times in ms`);
    console.log(`${"case".padEnd(width)}${"runs".padStart(5)}${"median".padStart(9)}${"p95".padStart(9)}${"min".padStart(9)}  ${"x baseline".padStart(10)}`);
    console.log("-".repeat(width + 44));
    for (const r of results) {
      const flag = r.stat.median > SLOW_MS ? "  SLOW (> 50 ms)" : "";
      console.log(`${r.name.padEnd(width)}${String(r.runs).padStart(5)}${fmt(r.stat.median)} ${fmt(r.stat.p95)} ${fmt(r.stat.min)}  ${(r.stat.median / b).toFixed(1).padStart(9)}x${flag}`);
    }

    console.log(`\nPlans (EXPLAIN ANALYZE as portal_app, RLS applied)`);
    const pw = Math.max(...plans.map((p) => p.name.length)) + 2;
    for (const p of plans)
      console.log(`${p.name.padEnd(pw)} ${(p.tenantIndex ?? "NO purchase_orders_tenant_* index").padEnd(36)} ${p.seqScan ? "SEQ SCAN on purchase_orders" : "no seq scan"}  exec ${p.execMs.toFixed(2)} ms`);
    const slow = new Set(results.filter((r) => r.stat.median > SLOW_MS).map((r) => r.name.replace("listPurchaseOrders ", "")));
    const verbose = process.env.BENCH_VERBOSE === "1";
    for (const p of plans.filter((x) => verbose || x.name.startsWith("(a)") || x.name.startsWith("(f)") || x.seqScan || slow.has(x.name))) {
      console.log(`\n--- ${p.name}: ${verbose ? "plan" : "first lines of the plan"}`);
      for (const line of verbose ? p.lines : p.lines.slice(0, 16)) console.log("  " + line);
    }

    const findings: string[] = [];
    for (const p of plans) if (p.seqScan) findings.push(`${p.name}: Seq Scan on purchase_orders`);
    for (const p of plans) if (!p.tenantIndex) findings.push(`${p.name}: no index starting with tenant_id on purchase_orders`);
    for (const r of results) if (r.stat.median > SLOW_MS) findings.push(`${r.name}: median ${r.stat.median.toFixed(1)} ms > ${SLOW_MS} ms`);

    // ---------- inspections ----------
    const quality = await memberContext(database.db, "quality@northwind.test", "northwind");
    const [{ n: haveInspections }] = await raw<{ n: number }[]>`
      select count(*)::int as n from inspections where tenant_id = ${planner.tenantId} and number = 'INS-B1'`;
    if (!haveInspections) {
      const t0 = performance.now();
      await generateInspections(raw, planner.tenantId);
      log(`generated ${INSPECTION_COUNT.toLocaleString("en")} inspections in ${((performance.now() - t0) / 1000).toFixed(1)} s, analyzed`);
    }
    const insFirst = await listInspections(quality, {}, null);
    let insCursor = insFirst.nextCursor;
    for (let i = 1; i < 20 && insCursor; i++) insCursor = (await listInspections(quality, {}, insCursor)).nextCursor;
    const year = { from: new Date(Date.now() - 365 * 86_400_000), to: new Date(Date.now() + 86_400_000) };
    const insResults: { name: string; stat: Stat; runs: number }[] = [];
    const insCases: [string, () => Promise<unknown>][] = [
      ["listInspections, first page", () => listInspections(quality, {}, null)],
      ["listInspections, page 21 (cursor)", () => listInspections(quality, {}, insCursor)],
      ["listInspections, status = booked", () => listInspections(quality, { status: "booked" }, null)],
      ["listInspections, verdict = rejected", () => listInspections(quality, { verdict: "rejected" }, null)],
      ["listInspections, partner = Delta", () => listInspections(quality, { partnerId: delta }, null)],
      ["listInspections (Sunrise's own)", () => listInspections(supplier, {}, null)],
      ["getInspection", () => getInspection(quality, insFirst.items[5].id)],
      ["listSwitchingStates, all", () => listSwitchingStates(quality, "all", null)],
      ["inspectionMeasures, 12 months, all partners", () => inspectionMeasures(quality, year)],
      ["inspectionMeasures, 12 months, Sunrise", () => inspectionMeasures(quality, year, supplier.partnerId!)],
    ];
    for (const [name, fn] of insCases) {
      insResults.push({ name, ...(await measure(RUNS, fn)) });
      log(`measured ${name}`);
    }
    const [insCounts] = await raw<{ n: number }[]>`select count(*)::int as n from inspections where tenant_id = ${planner.tenantId}`;
    const iw = Math.max(...insResults.map((r) => r.name.length)) + 2;
    console.log(`\nInspections, ${insCounts.n.toLocaleString("en")} in northwind (${database.kind}), times in ms`);
    console.log(`${"case".padEnd(iw)}${"runs".padStart(5)}${"median".padStart(9)}${"p95".padStart(9)}${"min".padStart(9)}  ${"x baseline".padStart(10)}`);
    console.log("-".repeat(iw + 44));
    for (const r of insResults) {
      const flag = r.stat.median > SLOW_MS ? "  SLOW (> 50 ms)" : "";
      console.log(`${r.name.padEnd(iw)}${String(r.runs).padStart(5)}${fmt(r.stat.median)} ${fmt(r.stat.p95)} ${fmt(r.stat.min)}  ${(r.stat.median / b).toFixed(1).padStart(9)}x${flag}`);
    }
    for (const r of insResults) if (r.stat.median > SLOW_MS) findings.push(`${r.name}: median ${r.stat.median.toFixed(1)} ms > ${SLOW_MS} ms`);
    console.log(findings.length ? `\nFindings:\n  ${findings.join("\n  ")}` : `\nNo seq scans on purchase_orders, every list uses a tenant_id index, every median under ${SLOW_MS} ms.`);
  } finally {
    await raw?.end();
    await database?.close();
    if (admin) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
      log(`dropped database ${dbName}`);
    }
  }
  log("done");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
