// The Remix request handler behind a guard: the body is read within its limit (about 1 MB for
// forms, the upload limit for multipart) and its field names checked before Remix or any form
// parser sees it, so a few bytes can never make the server allocate gigabytes. Replaces
// @remix-run/express's createRequestHandler, which streams the body into the route unchecked.
import type { IncomingMessage } from "node:http";
import type express from "express";
import { createRequestHandler as createRemixRequestHandler, type ServerBuild } from "@remix-run/node";
// the adapter's own header and response plumbing (public in its server module, not re-exported by its index)
import { createRemixHeaders, sendRemixResponse } from "@remix-run/express/dist/server.js";
import {
  bodyKind,
  bodyLimit,
  checkBody,
  checkFormFields,
  checkQuery,
  tooLarge,
  type FormValue,
  type Refusal,
} from "../domain/request-limits";

export function createGuardedRequestHandler(build: ServerBuild, mode: string): express.RequestHandler {
  const handle = createRemixRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const url = requestUrl(req);
      const queryProblem = checkQuery(url.searchParams);
      if (queryProblem) return refuse(res, queryProblem);

      const headers = createRemixHeaders(req.headers);
      let body: Buffer | null = null;
      if (req.method !== "GET" && req.method !== "HEAD") {
        const kind = bodyKind(req.get("content-type"));
        const limit = bodyLimit(kind);
        const declared = req.get("content-length");
        if (declared !== undefined && Number(declared) > limit) return refuse(res, tooLarge(limit), true);
        body = await readWithin(req, limit);
        if (!body) return refuse(res, tooLarge(limit), true);
        const problem = checkBody(kind, body.length) ?? (await checkFields(kind, body, req.get("content-type") ?? ""));
        if (problem) return refuse(res, problem);
        // an empty body is an empty form, whatever its declared type
        if (body.length === 0 && kind === "other") headers.set("Content-Type", "application/x-www-form-urlencoded");
        headers.delete("Transfer-Encoding");
        headers.set("Content-Length", String(body.length));
      }

      let controller: AbortController | null = new AbortController();
      res.on("finish", () => (controller = null));
      res.on("close", () => controller?.abort());
      const request = new Request(url.href, { method: req.method, headers, body: body ? bytes(body) : null, signal: controller.signal });
      await sendRemixResponse(res, await handle(request));
    } catch (error) {
      next(error);
    }
  };
}

/** The URL as @remix-run/express builds it (host and port respect "trust proxy"). */
function requestUrl(req: express.Request): URL {
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [Number.parseInt(forwardedPort, 10), Number.parseInt(hostPort, 10)].find(Number.isSafeInteger);
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

/** The whole body, or null as soon as it grows past `limit` (nothing more is kept). */
function readWithin(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      fn();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(() => (req.pause(), resolve(null)));
      else chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => settle(() => resolve(Buffer.concat(chunks, size))));
    req.once("error", (e) => settle(() => reject(e)));
    req.once("close", () => settle(() => reject(new Error("The client closed the request before sending its body."))));
  });
}

async function checkFields(kind: ReturnType<typeof bodyKind>, body: Buffer, contentType: string): Promise<Refusal | null> {
  if (kind === "urlencoded") return checkFormFields(new URLSearchParams(body.toString("utf8")));
  if (kind !== "multipart") return null;
  let form: FormData;
  try {
    form = await new Response(bytes(body), { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return { status: 400, message: "The form could not be read (malformed multipart data). Send it again from the page." };
  }
  const entries: [string, FormValue][] = [];
  for (const [name, value] of form) entries.push([name, typeof value === "string" ? value : { size: value.size }]);
  return checkFormFields(entries);
}

function refuse(res: express.Response, refusal: Refusal, closeConnection = false) {
  if (closeConnection) {
    // the rest of an oversized body is never read: answer, then drop the connection
    res.set("Connection", "close");
    res.once("finish", () => res.req.socket?.destroy());
  }
  const title = refusal.status === 413 ? "Too large" : refusal.status === 415 ? "Not a form" : "Request refused";
  res
    .status(refusal.status)
    .type("html")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Supplier Portal</title></head>` +
        `<body><main><h1>${title}</h1><p>${escapeHtml(refusal.message)}</p><p><a href="/">Go to the start page</a></p></main></body></html>`,
    );
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The buffer's bytes as a fetch body, without a copy. */
function bytes(b: Buffer): BodyInit {
  return new Uint8Array(b.buffer, b.byteOffset, b.length) as Uint8Array<ArrayBuffer>;
}
