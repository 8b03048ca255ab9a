// Stock at fillers over HTTP: planners post movements by form and CSV (all or nothing, messages
// beside the field, problems by line), the filler reads the book of its own facilities only, everyone
// else gets the 404, and the count settings round trip with compare-and-set.
import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { countReasons, facilities, inventoryBalances, inventoryMovements, items, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { useTempMailDir } from "../helpers/factories";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
let tenantId: string;
const today = new Date().toISOString().slice(0, 10);

const ROTTERDAM = "Delta Co-Packers — Rotterdam";
const ANTWERP = "Delta Co-Packers — Antwerp";
const BOOK_DATA = "_data=routes%2F%24tenant.inventory._index";
const MOVEMENTS_DATA = "_data=routes%2F%24tenant.inventory.movements";
const SETTINGS_DATA = "_data=routes%2F%24tenant.counts.settings";

beforeAll(async () => {
  await useTempMailDir();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({
    planner: "planner@northwind.test",
    director: "director@northwind.test",
    delta: "filler@delta.test",
    metro: "ops@metro3pd.test",
    sunrise: "supplier@sunrise.test",
    contoso: "admin@contoso.test",
  }))
    cookies[k] = await server.login(email);
  [{ id: tenantId }] = await database.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "northwind"));
  const site = async (name: string) => (await database.db.select().from(facilities).where(and(eq(facilities.tenantId, tenantId), eq(facilities.name, name))))[0].id;
  const item = async (code: string) => (await database.db.select().from(items).where(and(eq(items.tenantId, tenantId), eq(items.code, code))))[0].id;
  Object.assign(ids, {
    rotterdam: await site(ROTTERDAM),
    antwerp: await site(ANTWERP),
    lyon: await site("Metro Production — Lyon"),
    leeds: await site("Sunrise Packaging — Leeds plant"),
    gasket: await item("SP-GASKET"),
    nozzle: await item("SP-NOZZLE"),
  });
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

async function movementCount() {
  const [{ n }] = await database.db.select({ n: count() }).from(inventoryMovements).where(eq(inventoryMovements.tenantId, tenantId));
  return n;
}

type BookRow = { code: string; lot: string; quantity: string; consumed28: string; daysOfCover: number | null; atRisk: boolean };

async function book(who: string, facilityId: string): Promise<BookRow[]> {
  const res = await server.get(`/northwind/inventory?facility=${facilityId}&${BOOK_DATA}`, cookies[who]);
  expect(res.status).toBe(200);
  return (await res.json()).rows;
}

const line = (rows: BookRow[], code: string, lot: string) => rows.find((r) => r.code === code && r.lot === lot);

function post(fields: Record<string, string>, who = "planner") {
  return server.post("/northwind/inventory/movements", cookies[who], { movedOn: today, reference: "", lot: "", ...fields });
}

function upload(csv: string, who = "planner") {
  return server.post("/northwind/inventory/movements", cookies[who], {}, { multipart: true, files: { file: { name: "movements.csv", type: "text/csv", content: csv } } });
}

describe("posting a movement by form", () => {
  it("posts an opening balance and a consumption; the filler reads the exact book", async () => {
    const opening = await post({ facilityId: ids.rotterdam, itemId: ids.gasket, lot: "HTTP-A", kind: "opening_balance", quantity: "100", reference: "go-live" });
    expect(opening.status).toBe(200);
    expect(await opening.text()).toMatch(/Opening balance of 100 posted/);
    const used = await post({ facilityId: ids.rotterdam, itemId: ids.gasket, lot: "HTTP-A", kind: "consumption", quantity: "28.5" });
    expect(used.status).toBe(200);

    const rows = await book("delta", ids.rotterdam);
    expect(line(rows, "SP-GASKET", "HTTP-A")).toMatchObject({ quantity: "71.500", consumed28: "28.500", daysOfCover: 70.2456, atRisk: false });
    // the page shows the book and cover rounded to one decimal
    const html = await (await server.get(`/northwind/inventory?facility=${ids.rotterdam}`, cookies.delta)).text();
    expect(html).toMatch(/data-testid="book-SP-GASKET-HTTP-A">(<td>[^<]*<\/td>){3}<td>71\.500\b[^]*?<td>28\.500<\/td><td>70\.2\b/);

    // the ledger lists both, signed
    const ledger = await server.get(`/northwind/inventory/movements?facility=${ids.rotterdam}&${MOVEMENTS_DATA}`, cookies.planner);
    const mine = (await ledger.json()).items.filter((m: { lot: string }) => m.lot === "HTTP-A");
    expect(mine.map((m: { kind: string; quantity: string }) => [m.kind, m.quantity])).toEqual([
      ["consumption", "-28.500"],
      ["opening_balance", "100.000"],
    ]);
  });

  it("marks a negative book in red and an item under the threshold as an out-of-stock risk", async () => {
    expect((await post({ facilityId: ids.antwerp, itemId: ids.nozzle, lot: "HTTP-R", kind: "opening_balance", quantity: "10" })).status).toBe(200);
    // consuming more than the book is refused now; a book below zero is from before that rule (posted directly)
    const [delta] = await database.db.select({ partnerId: facilities.partnerId }).from(facilities).where(eq(facilities.id, ids.antwerp));
    const [consumed] = await database.db
      .insert(inventoryMovements)
      .values({ tenantId, partnerId: delta.partnerId, facilityId: ids.antwerp, itemId: ids.nozzle, lot: "HTTP-R", kind: "consumption", quantity: "-14.000", movedOn: today, reference: "" })
      .returning();
    await database.db
      .update(inventoryBalances)
      .set({ quantity: "-4.000", lastMovementId: consumed.id })
      .where(and(eq(inventoryBalances.tenantId, tenantId), eq(inventoryBalances.facilityId, ids.antwerp), eq(inventoryBalances.itemId, ids.nozzle), eq(inventoryBalances.lot, "HTTP-R")));
    const rows = await book("delta", ids.antwerp);
    expect(line(rows, "SP-NOZZLE", "HTTP-R")).toMatchObject({ quantity: "-4.000", consumed28: "14.000", daysOfCover: 0, atRisk: true });
    const html = await (await server.get(`/northwind/inventory?facility=${ids.antwerp}`, cookies.delta)).text();
    expect(html).toMatch(/data-testid="book-SP-NOZZLE-HTTP-R"[^]*?<td class="bad">-4\.000/);
    expect(html).toMatch(/data-testid="book-SP-NOZZLE-HTTP-R"[^]*?out-of-stock risk/);
    expect(html).toMatch(/aria-label="Out-of-stock risk"[^]*?SP-NOZZLE[^]*?lot HTTP-R: 0\.0 days of cover/);
  });

  it("answers a bad quantity with a 400 and the message beside the field, and posts nothing", async () => {
    const before = await movementCount();
    for (const quantity of ["12,5", "1.2345", "-3", "0", ""]) {
      const res = await post({ facilityId: ids.rotterdam, itemId: ids.gasket, lot: "HTTP-B", kind: "receipt", quantity });
      expect(res.status, quantity).toBe(400);
      expect(await res.text(), quantity).toMatch(/id="quantity-error" role="alert">(Enter a quantity like 120|The quantity must be more than 0|Enter the quantity)/);
    }
    const res = await post({ facilityId: ids.rotterdam, itemId: ids.gasket, kind: "receipt", quantity: "5", movedOn: "2026-02-30" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="movedOn-error" role="alert">Enter the date moved/);
    expect(await movementCount()).toBe(before);
  });

  it("refuses an adjustment by hand and a facility that holds no stock, beside the field", async () => {
    const before = await movementCount();
    const adj = await post({ facilityId: ids.rotterdam, itemId: ids.gasket, kind: "approved_adjustment", quantity: "5" });
    expect(adj.status).toBe(400);
    expect(await adj.text()).toMatch(/id="kind-error" role="alert">/);
    // Sunrise, a supplier, holds none of the tenant's stock
    const supplierSite = await post({ facilityId: ids.leeds, itemId: ids.gasket, kind: "receipt", quantity: "5" });
    expect(supplierSite.status).toBe(400);
    expect(await supplierSite.text()).toMatch(/id="facilityId-error" role="alert">Choose a contract filler&#x27;s facility/);
    expect(await movementCount()).toBe(before);
  });
});

describe("posting movements from CSV", () => {
  it("refuses a file with a bad row with a 400 naming the line, and posts nothing", async () => {
    const before = await movementCount();
    const csv = [
      "facility,item_code,lot,kind,quantity,moved_on,reference",
      `${ROTTERDAM},SP-GASKET,HTTP-C,receipt,10,${today},ok`,
      `${ROTTERDAM},NO-SUCH-ITEM,HTTP-C,receipt,10,${today},bad item`,
      `${ANTWERP},SP-NOZZLE,HTTP-C,consumption,"1,5",${today},bad quantity`,
    ].join("\n");
    const res = await upload(csv);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="file-error" role="alert">Nothing was posted: 2 problems to fix first/);
    expect(html).toMatch(/<td>3<\/td><td>No item NO-SUCH-ITEM\.<\/td>/);
    expect(html).toMatch(/<td>4<\/td><td>Write the number without thousands separators/);
    expect(await movementCount()).toBe(before);
  });

  it("posts every row of a good file", async () => {
    const before = await movementCount();
    const csv = [
      "facility,item_code,lot,kind,quantity,moved_on,reference",
      `${ROTTERDAM},SP-GASKET,HTTP-D,opening_balance,250,${today},go-live`,
      `${ROTTERDAM},SP-GASKET,HTTP-D,receipt,40.125,${today},PO-1`,
      `${ROTTERDAM},SP-GASKET,HTTP-D,consumption,90,${today},`,
      `${ANTWERP},SP-NOZZLE,HTTP-D,production_output,12,${today},Run 7`,
      `${ANTWERP},SP-NOZZLE,HTTP-D,transfer_out,2.5,${today},Shipment 3`,
    ].join("\r\n");
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("5 movements posted from the file.");
    expect(await movementCount()).toBe(before + 5);
    expect(line(await book("delta", ids.rotterdam), "SP-GASKET", "HTTP-D")).toMatchObject({ quantity: "200.125", consumed28: "90.000" });
    // days of cover are per item at the filler, all lots together: (-4 + 9.5) / (14 consumed / 28 days) = 11
    expect(line(await book("delta", ids.antwerp), "SP-NOZZLE", "HTTP-D")).toMatchObject({ quantity: "9.500", consumed28: "0", daysOfCover: 11, atRisk: false });
  });

  it("refuses a file that is not text, or no file, beside the file field", async () => {
    const binary = await server.post("/northwind/inventory/movements", cookies.planner, {}, { multipart: true, files: { file: { name: "x.csv", type: "text/csv", content: new Uint8Array([0, 1, 2, 3]) } } });
    expect(binary.status).toBe(415);
    expect(await binary.text()).toMatch(/id="file-error" role="alert">This is not a text \(CSV\) file/);
    const none = await server.post("/northwind/inventory/movements", cookies.planner, {}, { multipart: true, files: { file: { name: "empty.csv", type: "text/csv", content: "" } } });
    expect(none.status).toBe(400);
  });

  it("serves the template to planners", async () => {
    const res = await server.get("/northwind/inventory/template.csv", cookies.planner);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(await res.text()).toBe("facility,item_code,lot,kind,quantity,moved_on,reference\r\n");
  });
});

describe("who sees what", () => {
  it("shows the filler its own facilities only; another filler's facility is a 404", async () => {
    const res = await server.get(`/northwind/inventory?${BOOK_DATA}`, cookies.delta);
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.facilities.map((f: { name: string }) => f.name).sort()).toEqual([ANTWERP, ROTTERDAM]);
    expect(data.isPlanner).toBe(false);
    for (const facility of [ids.lyon, ids.leeds, "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      expect((await server.get(`/northwind/inventory?facility=${facility}`, cookies.delta)).status, facility).toBe(404);
      expect((await server.get(`/northwind/inventory/movements?facility=${facility}`, cookies.delta)).status, facility).toBe(404);
    }
    // the filler's ledger holds only its own movements
    const ledger = await (await server.get(`/northwind/inventory/movements?${MOVEMENTS_DATA}`, cookies.delta)).json();
    expect(ledger.items.length).toBeGreaterThan(0);
    expect(ledger.items.every((m: { facilityName: string }) => m.facilityName === ROTTERDAM || m.facilityName === ANTWERP)).toBe(true);
    expect(ledger.stockItems).toEqual([]);
  });

  it("lets a 3PD read its own book, but not Delta's", async () => {
    const res = await server.get(`/northwind/inventory?${BOOK_DATA}`, cookies.metro);
    expect(res.status).toBe(200);
    expect((await res.json()).facility.id).toBe(ids.lyon);
    expect((await server.get(`/northwind/inventory?facility=${ids.rotterdam}`, cookies.metro)).status).toBe(404);
  });

  it("answers a supplier with a 404 on every stock page", async () => {
    for (const path of ["/northwind/inventory", `/northwind/inventory?facility=${ids.rotterdam}`, "/northwind/inventory/movements", "/northwind/inventory/template.csv", "/northwind/counts/settings"])
      expect((await server.get(path, cookies.sunrise)).status, path).toBe(404);
    expect((await post({ facilityId: ids.rotterdam, itemId: ids.gasket, kind: "receipt", quantity: "1" }, "sunrise")).status).toBe(404);
  });

  it("refuses a filler's POST of movements, by form or file, with a 404, and posts nothing", async () => {
    const before = await movementCount();
    expect((await post({ facilityId: ids.rotterdam, itemId: ids.gasket, lot: "HTTP-F", kind: "receipt", quantity: "1" }, "delta")).status).toBe(404);
    expect((await upload(`facility,item_code,lot,kind,quantity,moved_on\n${ROTTERDAM},SP-GASKET,HTTP-F,receipt,1,${today}\n`, "delta")).status).toBe(404);
    expect((await server.get("/northwind/inventory/template.csv", cookies.delta)).status).toBe(404);
    expect((await server.get("/northwind/counts/settings", cookies.delta)).status).toBe(404);
    expect(await movementCount()).toBe(before);
  });

  it("lets internal staff read the book, but only admins and planners post or change settings", async () => {
    expect((await server.get(`/northwind/inventory?facility=${ids.rotterdam}`, cookies.director)).status).toBe(200);
    expect((await post({ facilityId: ids.rotterdam, itemId: ids.gasket, kind: "receipt", quantity: "1" }, "director")).status).toBe(404);
    expect((await server.get("/northwind/counts/settings", cookies.director)).status).toBe(404);
    expect((await server.post("/northwind/counts/settings", cookies.director, { intent: "reason", code: "DIR", name: "Director's reason" })).status).toBe(404);
  });

  it("answers Contoso's admin with a 404 on Northwind's stock pages", async () => {
    for (const path of ["/northwind/inventory", `/northwind/inventory?facility=${ids.rotterdam}`, "/northwind/inventory/movements", "/northwind/inventory/template.csv", "/northwind/counts/settings"])
      expect((await server.get(path, cookies.contoso)).status, path).toBe(404);
    expect((await post({ facilityId: ids.rotterdam, itemId: ids.gasket, kind: "receipt", quantity: "1" }, "contoso")).status).toBe(404);
    // and Contoso's own pages do not show Northwind's facilities
    const own = await server.get(`/contoso/inventory?${BOOK_DATA}`, cookies.contoso);
    expect(own.status).toBe(200);
    expect((await own.json()).facilities).toEqual([]);
  });
});

describe("count settings", () => {
  type Settings = { tolerancePct: Record<string, string>; frequencyMonths: Record<string, number>; reminderDays: number; coverThresholdDays: number };

  async function load(): Promise<Settings> {
    const res = await server.get(`/northwind/counts/settings?${SETTINGS_DATA}`, cookies.planner);
    expect(res.status).toBe(200);
    return (await res.json()).settings;
  }

  function fields(shown: Settings, next: Settings) {
    const f: Record<string, string | number> = { intent: "settings" };
    for (const c of ["A", "B", "C"]) {
      f[`tolerancePct${c}`] = next.tolerancePct[c];
      f[`frequencyMonths${c}`] = next.frequencyMonths[c];
      f[`shownTolerancePct${c}`] = shown.tolerancePct[c];
      f[`shownFrequencyMonths${c}`] = shown.frequencyMonths[c];
    }
    Object.assign(f, { reminderDays: next.reminderDays, coverThresholdDays: next.coverThresholdDays, shownReminderDays: shown.reminderDays, shownCoverThresholdDays: shown.coverThresholdDays });
    return f;
  }

  it("round trips, refuses a stale form with a 409, and a bad value with a 400 beside the field", async () => {
    const shown = await load();
    const next: Settings = { tolerancePct: { A: "0.5", B: "2.25", C: "100" }, frequencyMonths: { A: 2, B: 6, C: 24 }, reminderDays: 0, coverThresholdDays: 365 };
    const saved = await server.post("/northwind/counts/settings", cookies.planner, fields(shown, next));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Count settings saved.");
    const after = await load();
    expect(after).toEqual({ tolerancePct: { A: "0.50", B: "2.25", C: "100.00" }, frequencyMonths: { A: 2, B: 6, C: 24 }, reminderDays: 0, coverThresholdDays: 365 });

    // the page that still shows the old values can't overwrite the new ones
    const stale = await server.post("/northwind/counts/settings", cookies.planner, fields(shown, { ...next, reminderDays: 7 }));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toMatch(/role="alert">Someone else changed this count settings after you opened it/);
    expect((await load()).reminderDays).toBe(0);

    // the threshold is used for the book's out-of-stock risk: 365 days now flags the gasket at 70 days
    expect(line(await book("delta", ids.rotterdam), "SP-GASKET", "HTTP-A")).toMatchObject({ atRisk: true });

    for (const [name, value, message] of [
      ["tolerancePctA", "100.5", /Enter a percentage from 0 to 100/],
      ["tolerancePctB", "1.234", /Enter a percentage from 0 to 100/],
      ["frequencyMonthsA", "25", /Enter a whole number from 1 to 24/],
      ["frequencyMonthsC", "1.5", /Enter a whole number from 1 to 24/],
      ["reminderDays", "31", /Enter a whole number from 0 to 30/],
      ["coverThresholdDays", "0", /Enter a whole number from 1 to 365/],
    ] as const) {
      const f = fields(after, after);
      f[name] = value;
      const res = await server.post("/northwind/counts/settings", cookies.planner, f);
      expect(res.status, name).toBe(400);
      expect(await res.text(), name).toMatch(new RegExp(`id="${name}-error" role="alert">${message.source}`));
    }
    expect(await load()).toEqual(after);
  });

  it("adds a root cause, and refuses a duplicate code or a bad one beside the field", async () => {
    const ok = await server.post("/northwind/counts/settings", cookies.planner, { intent: "reason", code: "HTTP-1", name: "Found in the wrong bay" });
    expect(ok.status).toBe(200);
    const data = await (await server.get(`/northwind/counts/settings?${SETTINGS_DATA}`, cookies.planner)).json();
    expect(data.reasons.map((r: { code: string }) => r.code)).toContain("HTTP-1");

    const dup = await server.post("/northwind/counts/settings", cookies.planner, { intent: "reason", code: "http-1", name: "The same code in lower case" });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toMatch(/id="code-error" role="alert">A reason with code http-1 already exists/);
    const bad = await server.post("/northwind/counts/settings", cookies.planner, { intent: "reason", code: "no spaces", name: "x" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/id="code-error" role="alert">Letters, digits, dot, dash or underscore/);
    expect(html).toMatch(/id="name-error" role="alert">Enter a name of at least 2 characters/);
    const [{ n }] = await database.db.select({ n: count() }).from(countReasons).where(and(eq(countReasons.tenantId, tenantId), eq(countReasons.code, "HTTP-1")));
    expect(n).toBe(1);
  });
});
