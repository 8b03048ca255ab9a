// Issue 13, "the inspection report can't eat the server": photos are decoded once, at upload, into
// bounded thumbnails. Over HTTP through the real Remix build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import type { Database } from "../../app/server/db.server";
import { resetEnvCache } from "../../app/server/env.server";
import { photoDecodeLimit } from "../../app/server/images.server";
import { makePng } from "../../drizzle/demo-photo";
import { inspectionPhotos, items, partners, tenants } from "../../drizzle/schema";
import { setupTestDatabase } from "../helpers/db";
import { startTestServer, type TestServer } from "../helpers/http";

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
