// Issue 13, "the inspection report can't eat the server": twenty 91 KB PNGs of 24 megapixels on one
// pre-shipment inspection made one report PDF take 54 s and 2.6 GB (three at once 142 s, 6.4 GB).
// Photos are now decoded once, at upload, into bounded thumbnails; the report draws only those, a
// few reports at a time, with a time limit. Replayed over HTTP through the real Remix build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import type { Database } from "../../app/server/db.server";
import { resetEnvCache } from "../../app/server/env.server";
import { photoDecodeLimit } from "../../app/server/images.server";
import { inspectionReportLimit } from "../../app/server/inspections.server";
import { makePng } from "../../drizzle/demo-photo";
import { inspectionPhotos, items, partners, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { startTestServer, type TestServer } from "../helpers/http";
import { embeddedImages } from "../helpers/pdf-images";

let database: Database;
let server: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "portal-inspection-report-mail-"));
  delete process.env.SMTP_URL;
  resetEnvCache();
  ({ database } = await setupTestDatabase({ seed: true }));
  server = await startTestServer();
  for (const [k, email] of Object.entries({ sunrise: "supplier@sunrise.test", quality: "quality@northwind.test", delta: "filler@delta.test", contoso: "admin@contoso.test" }))
    cookies[k] = await server.login(email);
});
afterAll(async () => {
  await server?.close();
  await database?.close();
});

/** The probe's picture: 6000 × 4000 RGBA of one colour, about 100 KB as a PNG. */
const probePng = () => sharp({ create: { width: 6000, height: 4000, channels: 4, background: { r: 200, g: 120, b: 40, alpha: 1 } } }).png({ compressionLevel: 9 }).toBuffer();

async function bookPreShipment(lotNumber: string): Promise<string> {
  const res = await server.post("/northwind/inspections/new", cookies.sunrise, { source: "production_lot", partnerId: await partnerId("Sunrise Packaging"), itemId: await itemId("PKG-LBL-AJ"), lotSize: 5000, lotNumber });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

function upload(url: string, content: Uint8Array, name = "photo.png", type = "image/png") {
  return server.post(url, cookies.sunrise, { caption: name }, { multipart: true, files: { photo: { name, type, content } } });
}

const storedFiles = async () => {
  const dir = path.join(process.env.UPLOAD_DIR!, "photos", await northwindId());
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

describe("the probe: twenty 24-megapixel PNGs on one pre-shipment inspection", () => {
  it("are decoded at upload into thumbnails; the report takes under 5 s, embeds only the thumbnails and stays small in memory", { timeout: 180_000 }, async () => {
    const url = await bookPreShipment("PROBE-20");
    const png = await probePng();
    expect(png.length).toBeLessThan(200 * 1024);
    for (let i = 0; i < 20; i++) {
      const res = await upload(url, png, `big-${i}.png`);
      expect(res.status, `upload ${i}`).toBe(200);
      await res.body?.cancel();
    }
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await server.get(`${url}/report.pdf`, cookies.sunrise);
    const pdf = Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(res.status).toBe(200);
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    // before: 58 s and 2.3 GB more for this one report on the 2-core machine
    expect(ms).toBeLessThan(5000);
    expect(grewMb).toBeLessThan(300);
    // the twenty thumbnails, not the 6000 × 4000 originals (nor their alpha masks)
    const images = embeddedImages(pdf);
    expect(images).toHaveLength(20);
    for (const [w, h] of images) expect(Math.max(w, h)).toBeLessThanOrEqual(1024);
    expect(pdf.length).toBeLessThan(1024 * 1024);

    // three at once (before: 142 s and 6.4 GB): two are drawn together, the third waits its turn
    const threeStarted = performance.now();
    const three = await Promise.all([1, 2, 3].map(() => server.get(`${url}/report.pdf`, cookies.sunrise)));
    const threeMs = performance.now() - threeStarted;
    const threeGrewMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    for (const r of three) {
      expect(r.status).toBe(200);
      expect(embeddedImages(Buffer.from(await r.arrayBuffer()))).toHaveLength(20);
    }
    expect(threeMs).toBeLessThan(10_000);
    expect(threeGrewMb).toBeLessThan(300);
    // each original is kept, with its thumbnails beside it (outside the web root)
    const rows = await database.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.inspectionId, url.split("/").pop()!));
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      const original = path.join(process.env.UPLOAD_DIR!, "photos", r.storageKey);
      expect(fs.statSync(original).size).toBe(png.length);
      const report = await sharp(`${original}.report.jpg`).metadata();
      expect([report.format, report.width, report.height]).toEqual(["jpeg", 1024, 683]);
    }
  });
});

describe("reports are drawn a few at a time", () => {
  it("beyond the limit a request gets 503 busy with Retry-After at once; a waiting one is drawn when a slot frees, or gives up after a few seconds", { timeout: 60_000 }, async () => {
    const url = await bookPreShipment("PROBE-BUSY");
    await (await upload(url, makePng(1600, 1200), "one.png")).body?.cancel();
    // the server build shares this process's limit: take both slots and fill the waiting line
    const limit = inspectionReportLimit();
    expect(limit.semaphore.limit).toBe(2);
    const held = [limit.semaphore.tryAcquire(), limit.semaphore.tryAcquire()];
    expect(held.every(Boolean)).toBe(true);
    const line = new AbortController();
    const queued = Array.from({ length: limit.semaphore.maxWaiting }, () => limit.semaphore.acquire(line.signal).catch(() => null));
    try {
      let started = performance.now();
      const full = await server.get(`${url}/report.pdf`, cookies.sunrise);
      expect(full.status).toBe(503);
      expect(full.headers.get("retry-after")).toBe("5");
      expect(await full.text()).toBe("The server is busy producing other reports. Try again in a moment.");
      expect(performance.now() - started).toBeLessThan(2000);

      // room in the line: the request waits, and is drawn as soon as a slot frees
      line.abort();
      await Promise.all(queued);
      const waiting = server.get(`${url}/report.pdf`, cookies.sunrise);
      await until(() => limit.semaphore.waiting === 1);
      held.pop()!();
      const drawn = await waiting;
      expect(drawn.status).toBe(200);
      expect(Buffer.from(await drawn.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");

      // every slot taken and none freeing: the waiting request gives up after 5 s with the same 503
      held.push(limit.semaphore.tryAcquire());
      started = performance.now();
      const late = await server.get(`${url}/report.pdf`, cookies.sunrise);
      expect(late.status).toBe(503);
      expect(late.headers.get("retry-after")).toBe("5");
      expect(performance.now() - started).toBeGreaterThanOrEqual(4500);
      expect(limit.semaphore.waiting).toBe(0);
    } finally {
      line.abort();
      for (const release of held) release?.();
    }
    expect(limit.semaphore.active).toBe(0);
  });
});

describe("uploads are bounded", () => {
  it("a JPEG of 48 megapixels is refused with a 413 beside the field, before it is decoded, storing nothing", { timeout: 60_000 }, async () => {
    const url = await bookPreShipment("PROBE-48MP");
    const jpeg = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: { r: 10, g: 90, b: 200 } } }).jpeg({ quality: 50 }).toBuffer();
    const before = await storedFiles();
    const res = await upload(url, jpeg, "huge.jpg", "image/jpeg");
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/id="photo-error"[^>]*>The picture&#x27;s dimensions are too large/);
    expect(await storedFiles()).toEqual(before);
  });

  it("a PNG whose header is fine but whose pixels are damaged is refused with a 400 beside the field, storing nothing", async () => {
    const url = await bookPreShipment("PROBE-DAMAGED");
    const good = makePng(400, 300);
    const damaged = Buffer.concat([good.subarray(0, 41), Buffer.alloc(2000, 0x5a)]);
    const before = await storedFiles();
    const res = await upload(url, damaged, "damaged.png");
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="photo-error"[^>]*>This picture could not be read/);
    expect(await storedFiles()).toEqual(before);
  });

  it("while the decoder is busy and its line full, an upload gets 503 with Retry-After beside the field and nothing is stored", async () => {
    const url = await bookPreShipment("PROBE-DECODE-BUSY");
    const limit = photoDecodeLimit();
    const held = limit.semaphore.tryAcquire();
    expect(held).not.toBeNull();
    const line = new AbortController();
    const queued = Array.from({ length: limit.semaphore.maxWaiting }, () => limit.semaphore.acquire(line.signal).catch(() => null));
    const before = await storedFiles();
    try {
      const res = await upload(url, makePng(200, 100), "busy.png");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.text()).toMatch(/id="photo-error"[^>]*>The server is busy processing other photos. Try again in a moment./);
      expect(await storedFiles()).toEqual(before);
    } finally {
      line.abort();
      await Promise.all(queued);
      held!();
    }
    // and once it is free the same upload goes through
    expect((await upload(url, makePng(200, 100), "busy.png")).status).toBe(200);
  });
});

describe("the inspection page", () => {
  it("shows the small thumbnail and links to the original", async () => {
    const url = await bookPreShipment("PROBE-PAGE");
    await (await upload(url, makePng(500, 400), "page.png")).body?.cancel();
    const [photo] = await database.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.inspectionId, url.split("/").pop()!));
    const html = await (await server.get(url, cookies.sunrise)).text();
    expect(html).toContain(`src="${url.split("/").pop()}/photos/${photo.id}?size=page"`);
    expect(html).toContain(`href="${url.split("/").pop()}/photos/${photo.id}"`);
  });
});

describe("photos stored before thumbnails existed", () => {
  it("get their thumbnails made once, on first use: the report embeds the thumbnail, the page a small JPEG, never the original", { timeout: 60_000 }, async () => {
    const url = await bookPreShipment("PROBE-OLD");
    await (await upload(url, makePng(1600, 1200), "old.png")).body?.cancel();
    const inspectionId = url.split("/").pop()!;
    const [photo] = await database.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.inspectionId, inspectionId));
    const original = path.join(process.env.UPLOAD_DIR!, "photos", photo.storageKey);
    // as a photo uploaded before this change: the original alone
    fs.rmSync(`${original}.report.jpg`, { force: true });
    fs.rmSync(`${original}.page.jpg`, { force: true });

    const res = await server.get(`${url}/report.pdf`, cookies.quality);
    expect(res.status).toBe(200);
    expect(embeddedImages(Buffer.from(await res.arrayBuffer()))).toEqual([[1024, 768]]);
    expect(fs.existsSync(`${original}.report.jpg`)).toBe(true);
    expect(fs.existsSync(`${original}.page.jpg`)).toBe(true);

    fs.rmSync(`${original}.page.jpg`);
    const small = await server.get(`${url}/photos/${photo.id}?size=page`, cookies.sunrise);
    expect(small.status).toBe(200);
    expect(small.headers.get("content-type")).toBe("image/jpeg");
    expect(small.headers.get("x-content-type-options")).toBe("nosniff");
    const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 320, 240]);
    // the original is still there, byte for byte
    const full = await server.get(`${url}/photos/${photo.id}`, cookies.sunrise);
    expect(Buffer.from(await full.arrayBuffer()).equals(makePng(1600, 1200))).toBe(true);

    // the thumbnail goes through the same tenant and partner check as the original
    for (const who of ["delta", "contoso"]) expect((await server.get(`${url}/photos/${photo.id}?size=page`, cookies[who])).status).toBe(404);
    expect((await server.get(`/contoso/inspections/${inspectionId}/photos/${photo.id}?size=page`, cookies.contoso)).status).toBe(404);
    const bad = await server.get(`${url}/photos/${photo.id}?size=huge`, cookies.sunrise);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: { size: "size must be original or page." } });
  });

});

async function until(condition: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
async function northwindId() {
  const [t] = await database.db.select().from(tenants).where(eq(tenants.slug, "northwind"));
  return t.id;
}
async function partnerId(name: string) {
  const [p] = await database.db.select().from(partners).where(and(eq(partners.tenantId, await northwindId()), eq(partners.name, name)));
  return p.id;
}
async function itemId(code: string) {
  const [i] = await database.db.select().from(items).where(and(eq(items.tenantId, await northwindId()), eq(items.code, code)));
  return i.id;
}
