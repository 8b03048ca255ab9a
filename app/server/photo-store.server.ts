// The one place uploaded photos are kept. Local disk under UPLOAD_DIR (outside the web root and
// outside `public/`), addressed only by a server-made key; an S3-compatible store can implement the
// same three functions when the app runs on several machines.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { getEnv } from "./env.server";

const KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\.(jpg|png)$/;

function fileFor(key: string): string {
  if (!KEY.test(key)) throw new Error("Bad photo key");
  return path.resolve(getEnv().UPLOAD_DIR, "photos", key);
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

export async function deletePhoto(key: string): Promise<void> {
  await rm(fileFor(key), { force: true });
}
