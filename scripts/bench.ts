// npm run bench: purchase-order lists at realistic scale (100,000 POs, ~300,000 lines in one tenant).
// Each figure is the app function's time and its ratio to a baseline measured in the same run: the
// plain list SQL sent through raw postgres.js. EXPLAIN (ANALYZE, BUFFERS) runs as the application
// role with the tenant set, so the plans are the ones row-level security really produces.
//
// BENCH_DATABASE_URL: an existing database to use (kept). Without it a fresh database
// portal_bench_<pid> is created on the local server and dropped at the end.
// BENCH_RUNS (default 30), BENCH_POS (default 100000), BENCH_INSPECTIONS (default 100000) tune the
// size of the run. A second table times the inspection list, detail and scorecard measures.
// A third (capacity load, issue 6) adds BENCH_FACILITIES (default 500; 0 skips it) 3PD facilities with
// 3 lines each and 52 weeks of declared capacity, ~BENCH_CAPACITY_LINES (default 100000) confirmed PO
// lines routed to them, and times the heatmap, a facility's load, a cell's lines, open capacity, an
// order's capacity and the declaration grid against the plain capacity SQL.
import postgres from "postgres";
import { migrate, openDatabase, useDatabase, type Database } from "../app/server/db.server";
import { getPurchaseOrder, listPurchaseOrders, type PoListFilter } from "../app/server/purchase-orders.server";
import { getInspection, inspectionMeasures, listInspections, listSwitchingStates } from "../app/server/inspections.server";
import { demandLines, facilityLoad, findOpenCapacity, loadHeatmap, loadWindow, orderCapacity } from "../app/server/capacity-load.server";
import { capacityGrid } from "../app/server/capacity.server";
import { DEMAND_STATUSES } from "../app/domain/capacity";
import { weekEnd, weekStart } from "../app/domain/iso-week";
import type { TenantContext } from "../app/server/auth.server";
import { hasDemoData, memberContext, seedDemo } from "../drizzle/seed";

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PO_COUNT = Number(process.env.BENCH_POS ?? 100_000);
const INSPECTION_COUNT = Number(process.env.BENCH_INSPECTIONS ?? 100_000);
const SLOW_MS = 50;
// capacity load: ~10 facilities per generated 3PD partner, each with 3 lines, 52 weeks declared
const CAP_FACILITIES = Number(process.env.BENCH_FACILITIES ?? 500);
const CAP_PARTNERS = Math.max(1, Math.round(CAP_FACILITIES / 10));
const CAP_LINES = Number(process.env.BENCH_CAPACITY_LINES ?? 100_000);
const CAP_ITEMS = 150;
const CAP_WEEKS = 52;
const CAP_PARTNER_PREFIX = "Capacity 3PD ";
const CAP_PARTNER_USER = "ops@capacity-3pd-001.test";
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

/**
 * Capacity load at plan scale, in northwind: CAP_PARTNERS 3PD partners with CAP_FACILITIES facilities
 * (3 lines each), capacity declared for every facility × line × 52 ISO weeks from the current one,
 * CAP_ITEMS items routed (item_resources) one per partner line, and confirmed orders whose ~CAP_LINES
 * lines are committed over the 52 weeks: ~10% partly or fully shipped, 3% moved to another line by the
 * planner, 1% on an unrouted item, ~5% cancelled (3% of the orders, 2% of the other lines).
 */
async function generateCapacityLoad(raw: postgres.Sql, tenantId: string) {
  // the rows the app sees as "this week" come from the UTC date (new Date().toISOString())
  const mondayUtc = `date_trunc('week', now() at time zone 'utc')::date`;
  const genPartners = `select id, (row_number() over (order by name))::int as rn from partners where tenant_id = $1::uuid and name like $2 || '%'`;
  await raw.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`;
    await sql.unsafe(
      `insert into partners (tenant_id, name, kind, code, contact_email)
       select $1::uuid, $2 || lpad(g::text, 3, '0'), '3pd', 'C3P' || lpad(g::text, 3, '0'), 'ops@capacity-3pd-' || lpad(g::text, 3, '0') || '.test'
       from generate_series(1, $3::int) g`,
      [tenantId, CAP_PARTNER_PREFIX, CAP_PARTNERS],
    );
    await sql.unsafe(
      `with p as (${genPartners})
       insert into facilities (tenant_id, partner_id, name, address, city, country, resources, active)
       select $1::uuid, p.id, $2 || lpad(p.rn::text, 3, '0') || ' — Site ' || lpad((1 + (f - 1) / $4::int)::text, 2, '0'),
         (1 + f % 200) || ' Industrial Park', (array['Lyon','Leeds','Rotterdam','Antwerp','Venlo','Hamburg','Milan','Lodz'])[1 + f % 8],
         (array['FR','GB','NL','BE','NL','DE','IT','PL'])[1 + f % 8], array['Line 1','Line 2','Line 3'], true
       from generate_series(1, $3::int) f
       join p on p.rn = 1 + (f - 1) % $4::int`,
      [tenantId, CAP_PARTNER_PREFIX, CAP_FACILITIES, CAP_PARTNERS],
    );
    await sql.unsafe(
      `insert into items (tenant_id, code, description, uom, abc_class, lead_time_days, standard_cost)
       select $1::uuid, 'BENCH-CAP-' || lpad(g::text, 4, '0'), 'Capacity bench item ' || g, (array['EA','CS','KG'])[1 + g % 3],
         (array['A','B','C'])[1 + g % 3], 14 + g % 30, ((1 + g % 40) / 4.0)::numeric(14,4)
       from generate_series(1, $2::int) g`,
      [tenantId, CAP_ITEMS],
    );
    // one item per partner line (slot k: the partner's facilities by name × their lines), distinct per partner
    await sql.unsafe(
      `with p as (${genPartners}),
       it as (select id, (row_number() over (order by code) - 1)::int as ix from items where tenant_id = $1::uuid and code like 'BENCH-CAP-%'),
       slot as (
         select f.partner_id, p.rn, f.id as facility_id, r.resource,
           (row_number() over (partition by f.partner_id order by f.name, r.resource) - 1)::int as k
         from facilities f join p on p.id = f.partner_id cross join unnest(f.resources) r(resource)
         where f.tenant_id = $1::uuid)
       insert into item_resources (tenant_id, partner_id, item_id, facility_id, resource)
       select $1::uuid, s.partner_id, it.id, s.facility_id, s.resource
       from slot s join it on it.ix = (s.rn * 7 + s.k) % $3::int
       where s.k < $3::int`,
      [tenantId, CAP_PARTNER_PREFIX, CAP_ITEMS],
    );
    // 52 weeks declared for every line: 2,000-5,500 units a week; every 10th partner confirmed 30 days ago (stale)
    await sql.unsafe(
      `with p as (${genPartners})
       insert into capacity_declarations (tenant_id, partner_id, facility_id, resource, week, capacity, confirmed_at, confirmed_by, version)
       select $1::uuid, f.partner_id, f.id, r.resource, to_char(${mondayUtc} + 7 * w, 'IYYY-"W"IW'),
         (2000 + (abs(hashtext(f.id::text || r.resource || w::text)) % 8) * 500)::numeric(14,3),
         now() - make_interval(days => case when p.rn % 10 = 0 then 30 else 1 + p.rn % 7 end), null, 1 + (w + p.rn) % 3
       from facilities f join p on p.id = f.partner_id
       cross join unnest(f.resources) r(resource)
       cross join generate_series(0, $3::int - 1) w
       where f.tenant_id = $1::uuid`,
      [tenantId, CAP_PARTNER_PREFIX, CAP_WEEKS],
    );
    // a user of the first generated partner, for its own views (declaration grid, heatmap)
    await sql`insert into users (email, name, password_hash) values (${CAP_PARTNER_USER}, 'Cleo Capacity', null) on conflict do nothing`;
    await sql`
      insert into memberships (tenant_id, user_id, role, partner_id)
      select ${tenantId}::uuid, u.id, 'partner_admin', p.id from users u, partners p
      where lower(u.email) = lower(${CAP_PARTNER_USER}) and p.tenant_id = ${tenantId}::uuid and p.name = ${CAP_PARTNER_PREFIX + "001"}
      on conflict do nothing`;
    // confirmed orders (3% cancelled), spread over the partners round-robin, shipped to one of their sites
    const orders = Math.max(1, Math.round(CAP_LINES / 4));
    await sql.unsafe(
      `with p as (${genPartners}),
       pf as (select partner_id, array_agg(id order by name) as ids from facilities where tenant_id = $1::uuid group by partner_id)
       insert into purchase_orders (tenant_id, number, partner_id, ship_to_facility_id, currency, incoterms, payment_terms,
         order_type, priority, notes, status, revision, version, issued_at, responded_at, cancel_reason, created_at, updated_at)
       select $1::uuid, 'PO-CAP-' || lpad(g::text, 6, '0'), p.id, pf.ids[1 + (g / $4::int) % array_length(pf.ids, 1)], 'EUR', 'DAP',
         '30 days net', 'standard', 3, '', s.status, 1, 2, t.created_at + interval '2 hours', t.created_at + interval '30 hours',
         case when s.status = 'cancelled' then 'Demand changed' end, t.created_at, t.created_at + interval '3 days'
       from generate_series(1, $3::int) g
       join p on p.rn = 1 + g % $4::int
       join pf on pf.partner_id = p.id
       cross join lateral (select (g * 2654435761::bigint) % 1000003 as h) hh
       cross join lateral (select case when hh.h % 100 < 3 then 'cancelled' else 'confirmed' end as status) s
       cross join lateral (select now() - make_interval(secs => (hh.h % 60) * 86400 + (hh.h % 86400)) as created_at) t`,
      [tenantId, CAP_PARTNER_PREFIX, orders, CAP_PARTNERS],
    );
    // 3-5 lines per order (4 on average), committed over the 52 weeks from this week's Monday
    await sql.unsafe(
      `with p as (${genPartners}),
       pf as (select partner_id, array_agg(id order by name) as ids from facilities where tenant_id = $1::uuid group by partner_id),
       ns as (select partner_id, count(*)::int as n from item_resources where tenant_id = $1::uuid group by partner_id),
       it as (select id, uom, (row_number() over (order by code) - 1)::int as ix from items where tenant_id = $1::uuid and code like 'BENCH-CAP-%'),
       po as (select id, partner_id, status, substring(number from 8)::int as k from purchase_orders where tenant_id = $1::uuid and number like 'PO-CAP-%')
       insert into po_lines (tenant_id, po_id, partner_id, line_no, item_id, quantity, uom, unit_price, requested_date,
         first_committed_date, committed_date, quantity_shipped, cancelled, response_code, capacity_facility_id, capacity_resource)
       select $1::uuid, po.id, po.partner_id, l, it.id, q.qty, it.uom, q.price, q.committed - (hh.h % 5)::int, q.committed, q.committed,
         case when hh.h % 100 < 2 then q.qty when hh.h % 100 < 10 then round(q.qty / 2) else 0 end,
         po.status = 'cancelled' or hh.h % 50 = 17, 'IA',
         case when r.moved then pf.ids[1 + (hh.h / 3) % array_length(pf.ids, 1)] end,
         case when r.moved then 'Line ' || (1 + hh.h % 3) end
       from po
       join p on p.id = po.partner_id
       join pf on pf.partner_id = po.partner_id
       join ns on ns.partner_id = po.partner_id
       cross join lateral generate_series(1, 3 + po.k % 3) l
       cross join lateral (select (po.k * 2654435761::bigint + l * 40503) % 1000003 as h) hh
       cross join lateral (select
           case when hh.h % 100 = 99 and ns.n + 10 <= $3::int then ns.n + (hh.h / 100) % 10 else (hh.h / 7) % ns.n end as slot,
           hh.h % 100 between 10 and 12 as moved) r
       join it on it.ix = (p.rn * 7 + r.slot) % $3::int
       cross join lateral (select (100 * (1 + hh.h % 50))::numeric(14,3) as qty, (0.5 + (hh.h % 400) / 100.0)::numeric(14,4) as price,
         ${mondayUtc} + ((hh.h / 11) % (7 * $4::int))::int as committed) q`,
      [tenantId, CAP_PARTNER_PREFIX, CAP_ITEMS, CAP_WEEKS],
    );
  });
  // freshly written rows: vacuum sets the visibility map (as autovacuum would soon), analyze the statistics
  for (const t of ["partners", "facilities", "items", "item_resources", "capacity_declarations", "purchase_orders", "po_lines", "capacity_demand"]) await raw.unsafe(`vacuum analyze ${t}`);
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
  const poList = (sql: string) => /^\s*select/i.test(sql) && sql.includes('from "purchase_orders"');
  // the first query `fn` sends that `pick` matches (by default: the purchase-order list)
  return async (fn: () => Promise<unknown>, pick: (sql: string) => boolean = poList, what = "the purchase-order list query") => {
    captured.length = 0;
    capturing = true;
    try {
      await fn();
    } finally {
      capturing = false;
    }
    const q = captured.find((c) => pick(c.sql));
    if (!q) throw new Error(`${what} was not captured`);
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

/** What a plan does with one table: sequential scan or not, and the indexes (named <table>_...) it uses. */
function scansOf(p: PlanReport, table: string) {
  const text = p.lines.join("\n");
  const indexes = new Set<string>();
  for (const m of text.matchAll(/(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g))
    if (m[1].startsWith(`${table}_`)) indexes.add(m[1]);
  return { seqScan: new RegExp(`Seq Scan on ${table}\\b`).test(text), indexes: [...indexes] };
}

type Capture = ReturnType<typeof queryCapture>;

/** The facilities ship-to policy's EXISTS over purchase_orders, run as a hashed SubPlan that reads every order. */
const shipToSubPlan = (p: PlanReport) => p.lines.some((l) => /Seq Scan on purchase_orders po\b/.test(l)) && p.lines.some((l) => l.includes("SubPlan"));

function printTable(title: string, results: { name: string; stat: Stat; runs: number }[], baseline: number) {
  const fmt = (n: number) => n.toFixed(2).padStart(8);
  const width = Math.max(...results.map((r) => r.name.length)) + 2;
  console.log(`\n${title}`);
  console.log(`${"case".padEnd(width)}${"runs".padStart(5)}${"median".padStart(9)}${"p95".padStart(9)}${"min".padStart(9)}  ${"x baseline".padStart(10)}`);
  console.log("-".repeat(width + 44));
  for (const r of results) {
    const flag = r.stat.median > SLOW_MS ? "  SLOW (> 50 ms)" : "";
    console.log(`${r.name.padEnd(width)}${String(r.runs).padStart(5)}${fmt(r.stat.median)} ${fmt(r.stat.p95)} ${fmt(r.stat.min)}  ${(r.stat.median / baseline).toFixed(1).padStart(9)}x${flag}`);
  }
}

/** Issue 6: the load-against-capacity pages at 500 facilities × 52 weeks in one tenant. Returns the findings. */
async function capacityLoadSection(raw: postgres.Sql, database: Database, planner: TenantContext, capture: Capture): Promise<string[]> {
  const tenantId = planner.tenantId;
  const [{ n: have }] = await raw<{ n: number }[]>`
    select count(*)::int as n from partners where tenant_id = ${tenantId} and name = ${CAP_PARTNER_PREFIX + "001"}`;
  if (have) log("generated capacity load already present");
  else {
    const t0 = performance.now();
    await generateCapacityLoad(raw, tenantId);
    log(`generated the capacity load (${CAP_FACILITIES} facilities, ~${CAP_LINES.toLocaleString("en")} lines) in ${((performance.now() - t0) / 1000).toFixed(1)} s, vacuumed and analyzed`);
  }
  const like = CAP_PARTNER_PREFIX + "%";
  const [size] = await raw<{ partners: number; all_partners: number; facilities: number; declarations: number; routes: number; pos: number; lines: number; open: number; all_lines: number }[]>`
    with gp as (select id from partners where tenant_id = ${tenantId} and name like ${like})
    select (select count(*)::int from gp) as partners,
           (select count(*)::int from partners where tenant_id = ${tenantId}) as all_partners,
           (select count(*)::int from facilities where tenant_id = ${tenantId} and partner_id in (select id from gp)) as facilities,
           (select count(*)::int from capacity_declarations where tenant_id = ${tenantId}) as declarations,
           (select count(*)::int from item_resources where tenant_id = ${tenantId}) as routes,
           (select count(*)::int from purchase_orders where tenant_id = ${tenantId} and partner_id in (select id from gp)) as pos,
           (select count(*)::int from po_lines where tenant_id = ${tenantId} and partner_id in (select id from gp)) as lines,
           (select count(*)::int from po_lines where tenant_id = ${tenantId} and partner_id in (select id from gp) and not cancelled and quantity > quantity_shipped) as open,
           (select count(*)::int from po_lines where tenant_id = ${tenantId}) as all_lines`;
  log(
    `capacity load: ${size.partners} 3PD partners, ${size.facilities} facilities, ${size.declarations.toLocaleString("en")} capacity cells, ${size.routes} item routes, ` +
      `${size.pos.toLocaleString("en")} POs / ${size.lines.toLocaleString("en")} lines (${size.open.toLocaleString("en")} open); ${size.all_lines.toLocaleString("en")} po_lines in northwind`,
  );

  const w13 = loadWindow(null, 13).weeks;
  const w26 = loadWindow(null, 26).weeks;
  const first = await loadHeatmap(planner, { group: "facility", weeks: w13 });
  // page 5 by cursor (or the last page there is, with fewer facilities)
  let deep: { page: number; after: string | null } = { page: 1, after: null };
  for (let next = first.nextCursor; next && deep.page < 5; ) {
    deep = { page: deep.page + 1, after: next };
    next = deep.page < 5 ? (await loadHeatmap(planner, { group: "facility", weeks: w13, after: next })).nextCursor : null;
  }
  // the busiest routed cell of the 13 weeks: most open demand lines
  const [busy] = await raw<{ facility_id: string; resource: string; week: string; n: number }[]>`
    select coalesce(l.capacity_facility_id, r.facility_id) as facility_id, coalesce(l.capacity_resource, r.resource) as resource,
           to_char(l.committed_date, 'IYYY-"W"IW') as week, count(*)::int as n
    from po_lines l
    join purchase_orders o on o.tenant_id = l.tenant_id and o.id = l.po_id
    left join item_resources r on r.tenant_id = l.tenant_id and r.partner_id = l.partner_id and r.item_id = l.item_id
    where l.tenant_id = ${tenantId} and not l.cancelled and l.quantity > l.quantity_shipped
      and o.status in ${raw([...DEMAND_STATUSES])}
      and l.committed_date between ${weekStart(w13[0])} and ${weekEnd(w13[w13.length - 1])}
      and coalesce(l.capacity_facility_id, r.facility_id) is not null and coalesce(l.capacity_resource, r.resource) is not null
    group by 1, 2, 3 order by n desc, 1, 2, 3 limit 1`;
  if (!busy) throw new Error("no routed demand in the next 13 weeks");
  const [po] = await raw<{ id: string; partner_id: string; status: string }[]>`
    select id, partner_id, status from purchase_orders where tenant_id = ${tenantId} and number like 'PO-CAP-%' and status = 'confirmed' order by number limit 1`;
  const found = await getPurchaseOrder(planner, po.id);
  if (!found) throw new Error(`PO ${po.id} not found`);
  const poLinesOf = found.lines.map((l) => l.line);
  const partnerUser: TenantContext | null = await memberContext(database.db, CAP_PARTNER_USER, "northwind").catch(() => null);
  if (!partnerUser) log(`no member of a generated partner (${CAP_PARTNER_USER}): the partner cases are skipped`);
  const [partnerSite] = partnerUser
    ? await raw<{ id: string }[]>`select id from facilities where tenant_id = ${tenantId} and partner_id = ${partnerUser.partnerId!} order by name limit 1`
    : [];
  const open4 = { quantity: "20000", from: w13[0], to: w13[3] };

  const cases: [string, () => Promise<unknown>][] = [
    ["loadHeatmap facility, 13 weeks, first page", () => loadHeatmap(planner, { group: "facility", weeks: w13 })],
    ...(deep.after
      ? ([[`loadHeatmap facility, 13 weeks, page ${deep.page} (cursor)`, () => loadHeatmap(planner, { group: "facility", weeks: w13, after: deep.after })]] as [string, () => Promise<unknown>][])
      : []),
    ["loadHeatmap resource, 13 weeks, first page", () => loadHeatmap(planner, { group: "resource", weeks: w13 })],
    ["loadHeatmap partner, 13 weeks, first page", () => loadHeatmap(planner, { group: "partner", weeks: w13 })],
    ["loadHeatmap facility, 26 weeks, first page", () => loadHeatmap(planner, { group: "facility", weeks: w26 })],
    ["facilityLoad, 26 weeks", () => facilityLoad(planner, busy.facility_id, w26)],
    [`demandLines, busiest cell (${busy.n} lines)`, () => demandLines(planner, { week: busy.week, facilityId: busy.facility_id, resource: busy.resource }, null)],
    ["findOpenCapacity 20000, 4 weeks, per facility", () => findOpenCapacity(planner, { ...open4, per: "facility" })],
    ["findOpenCapacity 20000, 4 weeks, per resource", () => findOpenCapacity(planner, { ...open4, per: "resource" })],
    ["findOpenCapacity 20000, 26 weeks, per facility", () => findOpenCapacity(planner, { quantity: "20000", from: w26[0], to: w26[25], per: "facility" })],
    [`orderCapacity, confirmed PO (${poLinesOf.length} lines)`, () => orderCapacity(planner, po.id, po.partner_id, po.status, poLinesOf)],
    ["capacityGrid (planner)", () => capacityGrid(planner, busy.facility_id)],
  ];
  if (partnerUser && partnerSite)
    cases.push(
      ["capacityGrid (partner user)", () => capacityGrid(partnerUser, partnerSite.id)],
      ["loadHeatmap facility, 13 weeks (partner user)", () => loadHeatmap(partnerUser, { group: "facility", weeks: w13 })],
      ["findOpenCapacity 20000, 4 weeks (partner user)", () => findOpenCapacity(partnerUser, { ...open4, per: "facility" })],
    );
  // the order list again, now that the tenant has 50 more partners
  cases.push([`listPurchaseOrders, planner first page (${size.all_partners} partners)`, () => listPurchaseOrders(planner, {}, null)]);
  // what keeping capacity_demand costs a write: an order's lines moved a week and back (two statements,
  // each refreshing the partner's two weeks by trigger), against the same with triggers off (replica)
  const moveAndBack = (triggers: boolean) => () =>
    raw.begin(async (tx) => {
      if (!triggers) await tx`set local session_replication_role = replica`;
      await tx`update po_lines set committed_date = committed_date + 7 where tenant_id = ${tenantId} and po_id = ${po.id}`;
      await tx`update po_lines set committed_date = committed_date - 7 where tenant_id = ${tenantId} and po_id = ${po.id}`;
    });
  cases.push(
    [`move a confirmed PO's ${poLinesOf.length} lines a week and back, triggers off (raw SQL)`, moveAndBack(false)],
    [`move a confirmed PO's ${poLinesOf.length} lines a week and back, kept demand refreshed (raw SQL)`, moveAndBack(true)],
  );

  // baseline: the heatmap's capacity query for the first page's facilities, plain SQL through raw postgres.js
  const pageFacilities = first.rows.map((r) => r.facilityId!);
  const { stat: baseline } = await measure(RUNS, () =>
    raw`select partner_id, facility_id, resource, week, capacity from capacity_declarations
        where tenant_id = ${tenantId} and facility_id in ${raw(pageFacilities)} and week in ${raw(w13)}`,
  );
  const results: { name: string; stat: Stat; runs: number }[] = [
    { name: `baseline: raw postgres.js capacity SQL (${pageFacilities.length} facilities × 13 weeks)`, stat: baseline, runs: RUNS },
  ];
  for (const [name, fn] of cases) {
    results.push({ name, ...(await measure(RUNS, fn)) });
    log(`measured ${name}`);
  }
  printTable(
    `Capacity load, ${size.facilities} facilities × 3 lines × ${CAP_WEEKS} weeks (${size.declarations.toLocaleString("en")} declared cells), ` +
      `${size.lines.toLocaleString("en")} confirmed-order lines of ${size.partners} 3PD partners in northwind (${database.kind}), times in ms`,
    results,
    baseline.median,
  );

  // plans, as portal_app with the tenant (and partner) set
  const fromLines = (sql: string) => sql.includes('from "po_lines"');
  const demandAgg = (sql: string) => fromLines(sql) && /group by/i.test(sql);
  const demandKept = (sql: string) => sql.includes('from "capacity_demand"') && !sql.includes('"capacity_declarations"');
  const capacitySql = (sql: string) => sql.includes('from "capacity_declarations"');
  const lineList = (sql: string) => fromLines(sql) && /order by/i.test(sql);
  const heat = () => loadHeatmap(planner, { group: "facility", weeks: w13 });
  const facilityPage = (sql: string) => sql.includes('from "facilities" inner join "partners"');
  const planCases: [string, TenantContext, () => Promise<unknown>, (sql: string) => boolean][] = [
    ["heatmap facilities page", planner, heat, facilityPage],
    ["heatmap demand (facility, 13 weeks)", planner, heat, demandKept],
    ["heatmap capacity (facility, 13 weeks)", planner, heat, capacitySql],
    ["heatmap totals (partner group, 13 weeks)", planner, () => loadHeatmap(planner, { group: "partner", weeks: w13 }), (sql) => /full join/i.test(sql)],
    ["facilityLoad demand (26 weeks)", planner, () => facilityLoad(planner, busy.facility_id, w26), demandKept],
    ["demandLines (busiest cell)", planner, () => demandLines(planner, { week: busy.week, facilityId: busy.facility_id, resource: busy.resource }, null), lineList],
    ["findOpenCapacity (26 weeks, demand kept)", planner, () => findOpenCapacity(planner, { quantity: "20000", from: w26[0], to: w26[25], per: "facility" }), capacitySql],
    ["orderCapacity demand", planner, () => orderCapacity(planner, po.id, po.partner_id, po.status, poLinesOf), demandAgg],
  ];
  if (partnerUser) planCases.push(["heatmap demand (partner user)", partnerUser, () => loadHeatmap(partnerUser, { group: "facility", weeks: w13 }), demandKept]);
  const plans: PlanReport[] = [];
  for (const [name, ctx, fn, pick] of planCases) plans.push(await explain(raw, ctx, name, await capture(fn, pick, `${name} query`)));

  console.log(`\nCapacity plans (EXPLAIN ANALYZE as portal_app, RLS applied)`);
  const pw = Math.max(...plans.map((p) => p.name.length)) + 2;
  const findings: string[] = [];
  for (const p of plans) {
    // reading facilities as staff should not read the orders (the ship-to policy's EXISTS, hashed)
    const shipTo = shipToSubPlan(p);
    if (shipTo) findings.push(`${p.name}: the facilities ship-to policy scans every purchase order (hashed SubPlan)`);
    const parts = ["po_lines", "capacity_declarations", "purchase_orders", "capacity_demand"].flatMap((table) => {
      if (!p.lines.some((l) => l.includes(` ${table} `) || l.includes(`${table}_`))) return [];
      const s = scansOf(p, table);
      if (s.seqScan && !(shipTo && table === "purchase_orders")) findings.push(`${p.name}: Seq Scan on ${table}`);
      return [`${table}: ${s.seqScan ? "SEQ SCAN" : s.indexes.join(", ") || "no index"}`];
    });
    console.log(`${p.name.padEnd(pw)} exec ${p.execMs.toFixed(2).padStart(8)} ms  ${parts.join("; ")}${shipTo ? "  [ship-to policy SubPlan]" : ""}`);
  }
  const verbose = process.env.BENCH_VERBOSE === "1";
  for (const p of plans.filter((x) => verbose || x.name.startsWith("heatmap demand (facility") || x.execMs > SLOW_MS || shipToSubPlan(x) || scansOf(x, "po_lines").seqScan || scansOf(x, "capacity_declarations").seqScan || scansOf(x, "capacity_demand").seqScan)) {
    console.log(`\n--- ${p.name}: ${verbose ? "plan" : "first lines of the plan"}`);
    for (const line of verbose ? p.lines : p.lines.slice(0, 24)) console.log("  " + line);
  }
  for (const r of results) if (r.stat.median > SLOW_MS) findings.push(`${r.name}: median ${r.stat.median.toFixed(1)} ms > ${SLOW_MS} ms`);
  return findings;
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

    if (CAP_FACILITIES > 0) findings.push(...(await capacityLoadSection(raw, database, planner, capture)));
    console.log(
      findings.length
        ? `\nFindings:\n  ${findings.join("\n  ")}`
        : `\nNo seq scans on purchase_orders${CAP_FACILITIES > 0 ? ", po_lines or capacity_declarations" : ""}, every list uses a tenant_id index, every median under ${SLOW_MS} ms.`,
    );
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
