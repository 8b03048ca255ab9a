// The one place uploaded photos are kept. Local disk under UPLOAD_DIR (outside the web root and
// outside `public/`), addressed only by a server-made key; an S3-compatible store can implement the
// same functions when the app runs on several machines. Each photo's thumbnails (JPEG, made once
// from the original) live beside it under the original's key with the variant's name.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { getEnv } from "./env.server";

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png)$/;

export const THUMBNAIL_VARIANTS = ["report", "page"] as const;
export type ThumbnailVariant = (typeof THUMBNAIL_VARIANTS)[number];

function fileFor(key: string): string {
  if (!KEY.test(key)) throw new Error("Bad photo key");
  return path.resolve(getEnv().UPLOAD_DIR, "photos", key);
}

/** `<tenant>/<random>.png` -> `<tenant>/<random>.png.report.jpg` */
function variantFileFor(key: string, variant: ThumbnailVariant): string {
  if (!THUMBNAIL_VARIANTS.includes(variant)) throw new Error("Bad thumbnail variant");
  return `${fileFor(key)}.${variant}.jpg`;
}

/** Stores the bytes and returns their key: `<tenant>/<random>.<ext>`. */
export async function putPhoto(tenantId: string, bytes: Uint8Array, extension: "jpg" | "png"): Promise<string> {
  const key = `${tenantId}/${randomUUID()}.${extension}`;
  const file = fileFor(key);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes, { flag: "wx" });
  return key;
}

export async function readPhoto(key: string): Promise<Buffer> {
  return readFile(fileFor(key));
}

/** Stores a thumbnail of the photo at `key`, replacing any earlier one whole (never half-written). */
export async function putThumbnail(key: string, variant: ThumbnailVariant, bytes: Uint8Array): Promise<void> {
  const file = variantFileFor(key, variant);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.part`;
  try {
    await writeFile(partial, bytes, { flag: "wx" });
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
}

/** The thumbnail's bytes, or null when it has not been made (photos stored before thumbnails). */
export async function readThumbnail(key: string, variant: ThumbnailVariant): Promise<Buffer | null> {
  try {
    return await readFile(variantFileFor(key, variant));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Removes the photo and its thumbnails. */
export async function deletePhoto(key: string): Promise<void> {
  await Promise.all([rm(fileFor(key), { force: true }), ...THUMBNAIL_VARIANTS.map((v) => rm(variantFileFor(key, v), { force: true }))]);
}
