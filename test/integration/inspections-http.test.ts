// The inspection routes over HTTP: the sampling-plan API, the calculator page, photo upload and
// download through the tenant check, and the report PDF.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../app/server/db.server";
import { resetEnvCache } from "../../app/server/env.server";
import { makePng } from "../../drizzle/demo-photo";
import { inspectionPhotos, inspections, items, partners, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { startTestServer, type TestServer } from "../helpers/http";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};
let pre: { id: string; version: number };
let receivingId: string;

beforeAll(async () => {
  process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-inspection-http-mail-"));
  delete process.env.SMTP_URL;
  resetEnvCache();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ quality: "quality@northwind.test", sunrise: "supplier@sunrise.test", delta: "filler@delta.test", contoso: "admin@contoso.test", carrier: "dispatch@fastfreight.test" }))
    cookies[k] = await server.login(email);
  const sun = { id: await sunriseId() };
  [pre] = await database.db.select({ id: inspections.id, version: inspections.version }).from(inspections).where(and(eq(inspections.partnerId, sun.id), eq(inspections.status, "submitted")));
  [{ id: receivingId }] = await database.db.select({ id: inspections.id }).from(inspections).where(and(eq(inspections.partnerId, sun.id), eq(inspections.status, "booked"), eq(inspections.kind, "receiving"))).orderBy(desc(inspections.createdAt)).limit(1);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

describe("GET /api/aql/plan", () => {
  it("answers any signed-in user, partners and carriers included, by ISO 2859-1 Table I and II-A", async () => {
    for (const who of ["quality", "sunrise", "carrier", "contoso"]) {
      const res = await server.get("/api/aql/plan?lotSize=3201&level=II&aql=2.5&severity=normal", cookies[who]);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ codeLetter: "L", sampleSize: 200, acceptance: 10, rejection: 11, inspectAll: false });
    }
    // the example lot of 3,200 is the top of Table I's 1,201-3,200 band: code K, not L
    const k = await server.get("/api/aql/plan?lotSize=3200&level=II&aql=2.5&severity=normal", cookies.quality);
    expect(await k.json()).toEqual({ codeLetter: "K", sampleSize: 125, acceptance: 7, rejection: 8, inspectAll: false });
  });

  it("says when every item must be inspected", async () => {
    const res = await server.get("/api/aql/plan?lotSize=5&level=II&aql=0.10&severity=normal", cookies.quality);
    expect(await res.json()).toMatchObject({ sampleSize: 5, inspectAll: true });
  });

  it("refuses bad parameters with a 400 naming the parameter and the accepted values", async () => {
    const cases: [string, string, RegExp][] = [
      ["lotSize=abc&level=II&aql=2.5", "lotSize", /lotSize must be a whole number/],
      ["lotSize=1&level=II&aql=2.5", "lotSize", /from 2/],
      ["lotSize=3200&level=IV&aql=2.5", "level", /level must be one of S-1, S-2, S-3, S-4, I, II, III/],
      ["lotSize=3200&level=II&aql=3", "aql", /aql must be a preferred AQL: 0\.010, .*1000/],
      ["lotSize=3200&level=II&aql=2.5&severity=strict", "severity", /severity must be one of normal, tightened, reduced/],
    ];
    for (const [query, param, message] of cases) {
      const res = await server.get(`/api/aql/plan?${query}`, cookies.quality);
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(Object.keys(body.errors)).toEqual([param]);
      expect(body.errors[param]).toMatch(message);
    }
  });

  it("answers 401 without a session", async () => {
    const res = await server.get("/api/aql/plan?lotSize=3200&level=II&aql=2.5", null);
    expect(res.status).toBe(401);
  });
});

describe("the booking form's plan preview", () => {
  it("answers quality with the plan, a bad field with a 400 naming it, and a carrier with a 404", async () => {
    const q = `source=production_lot&partnerId=${await sunriseId()}&itemId=${await itemId("PKG-CTN-12")}`;
    const ok = await server.get(`/northwind/inspections/plan?${q}&lotSize=5000`, cookies.quality);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.preview).toMatchObject({ lotSize: 5000, level: "II", severity: "normal", unitsToInspect: 200 });
    expect(body.preview.plans.major).toMatchObject({ codeLetter: "L", sampleSize: 200, acceptance: 10, rejection: 11 });
    const bad = await server.get(`/northwind/inspections/plan?${q}&lotSize=1`, cookies.quality);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ preview: null, field: "lotSize" });
    expect((await server.get(`/northwind/inspections/plan?${q}&lotSize=5000`, cookies.carrier)).status).toBe(404);
    // another partner's lot is refused to a partner's user, without showing its plan
    const other = await server.get(`/northwind/inspections/plan?${q}&lotSize=5000`, cookies.delta);
    expect(other.status).toBe(400);
    expect((await other.json()).preview).toBeNull();
  });
});

describe("the calculator page", () => {
  it("shows the plan for each severity, and a message beside a bad field with a 400", async () => {
    const ok = await server.get("/northwind/aql?lotSize=5000&level=II&aql=2.5&severity=normal", cookies.sunrise);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toMatch(/data-testid="plan-normal"[^]*?<td>L<\/td>[^]*?<td>200<\/td><td>10<\/td><td>11<\/td>/);
    const bad = await server.get("/northwind/aql?lotSize=0&level=II&aql=2.5", cookies.sunrise);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/id="lotSize-error"[^>]*>lotSize must be a whole number/);
  });
});

describe("photos over HTTP", () => {
  it("accepts a PNG from the partner on its own open inspection and serves it to it with its real type", async () => {
    // Sunrise's pre-shipment inspection is submitted: a new one is open
    const booked = await server.post("/northwind/inspections/new", cookies.sunrise, { source: "production_lot", partnerId: (await sunriseId()), itemId: await itemId("PKG-LBL-AJ"), lotSize: 5000, lotNumber: "HTTP-1" });
    expect(booked.status).toBe(302);
    const url = booked.headers.get("location")!;
    const up = await server.post(url, cookies.sunrise, { caption: "roll 3" }, { multipart: true, files: { photo: { name: "roll.png", type: "image/png", content: makePng(30, 20) } } });
    expect(up.status).toBe(200);
    const id = url.split("/").pop()!;
    const [photo] = await database.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.inspectionId, id));
    const got = await server.get(`${url}/photos/${photo.id}`, cookies.sunrise);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await got.arrayBuffer()).equals(makePng(30, 20))).toBe(true);
    // another partner, another tenant: the same 404 as a photo that does not exist
    for (const who of ["delta", "contoso"]) expect((await server.get(`${url}/photos/${photo.id}`, cookies[who])).status).toBe(404);
    expect((await server.get(`/contoso/inspections/${id}/photos/${photo.id}`, cookies.contoso)).status).toBe(404);
  });

  it("refuses a text file named .jpg with a 415 and the message beside the field", async () => {
    const res = await server.post(`/northwind/inspections/${receivingId}`, cookies.quality, {}, { multipart: true, files: { photo: { name: "defect.jpg", type: "image/jpeg", content: "not a picture at all" } } });
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/id="photo-error"[^>]*>Only JPEG or PNG photos/);
  });

  it("refuses an oversize upload with a 413", async () => {
    const big = new Uint8Array(6 * 1024 * 1024);
    big.set(makePng(), 0);
    const res = await server.post(`/northwind/inspections/${receivingId}`, cookies.quality, {}, { multipart: true, files: { photo: { name: "big.png", type: "image/png", content: big } } });
    expect(res.status).toBe(413);
  });
});

describe("pages", () => {
  it("show the submitted inspection to quality with its plan, and the report downloads as a PDF", async () => {
    const page = await server.get(`/northwind/inspections/${pre.id}`, cookies.quality);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Submitted for review");
    expect(html).toContain('data-testid="plan-major"');
    const pdf = await server.get(`/northwind/inspections/${pre.id}/report.pdf`, cookies.sunrise);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");
  });

  it("an override without a reason is a 400 with the message beside the reason field", async () => {
    const res = await server.post(`/northwind/inspections/${pre.id}`, cookies.quality, { intent: "override", version: pre.version, verdict: "rejected", reason: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="reason-error"[^>]*>[^<]*reason/i);
  });
});

async function northwindId() {
  const [t] = await database.db.select().from(tenants).where(eq(tenants.slug, "northwind"));
  return t.id;
}
async function sunriseId() {
  const [p] = await database.db.select().from(partners).where(and(eq(partners.tenantId, await northwindId()), eq(partners.name, "Sunrise Packaging")));
  return p.id;
}
async function itemId(code: string) {
  const [i] = await database.db.select().from(items).where(and(eq(items.tenantId, await northwindId()), eq(items.code, code)));
  return i.id;
}
