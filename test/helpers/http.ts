// The real portal in-process for integration tests: the Remix server build (build/index.js, made
// by `npx remix build`; `npm test` builds before the integration tests) behind createPortalApp,
// listening on an ephemeral port. The database is whatever setupTestDatabase() installed.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createPortalApp } from "../../app/server/http.server";
import { SESSION_COOKIE } from "../../app/server/session.server";
import { DEMO_PASSWORD } from "../../drizzle/seed";

export { DEMO_PASSWORD };

export const BUILD_PATH = path.resolve("build/index.js");

let buildPromise: Promise<ServerBuild> | undefined;

/** The Remix server build, imported once per test file. */
export function loadBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(BUILD_PATH)) {
    throw new Error(`${BUILD_PATH} is missing: run \`npx remix build\` before the integration tests (npm test does).`);
  }
  buildPromise ??= import(pathToFileURL(BUILD_PATH).href) as Promise<ServerBuild>;
  return buildPromise;
}

export type FormFields = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  /** the Origin header: the portal's own by default; null sends none */
  origin?: string | null;
  headers?: Record<string, string>;
  /** send multipart/form-data (with optional files) instead of urlencoded */
  multipart?: boolean;
  files?: Record<string, { name: string; type: string; content: string | Uint8Array }>;
}

export interface TestServer {
  baseUrl: string;
  build: ServerBuild;
  close(): Promise<void>;
  /** POST /login and return the session cookie ("portal_session=..."); throws unless it worked */
  login(email: string, password?: string): Promise<string>;
  get(path: string, cookie?: string | null, opts?: RequestOptions): Promise<Response>;
  post(path: string, cookie: string | null | undefined, fields?: FormFields, opts?: RequestOptions): Promise<Response>;
}


/** The session cookie pair from a response's Set-Cookie headers, or null. */
export function sessionCookieFrom(res: Response): string | null {
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";")[0].trim();
    if (pair.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) return pair;
  }
  return null;
}

export function formBody(fields: FormFields = {}, opts: RequestOptions = {}): URLSearchParams | FormData {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined && v !== null) as [string, string | number | boolean][];
  if (!opts.multipart) return new URLSearchParams(entries.map(([k, v]) => [k, String(v)]));
  const fd = new FormData();
  for (const [k, v] of entries) fd.append(k, String(v));
  for (const [k, f] of Object.entries(opts.files ?? {})) fd.append(k, new Blob([typeof f.content === "string" ? f.content : new Uint8Array(f.content)], { type: f.type }), f.name);
  return fd;
}

export async function startTestServer(opts: { build?: ServerBuild } = {}): Promise<TestServer> {
  const build = opts.build ?? (await loadBuild());
  const app = createPortalApp(build);
  const server = await new Promise<import("node:http").Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  function headersFor(cookie: string | null | undefined, o: RequestOptions, withOrigin: boolean) {
    const h: Record<string, string> = { ...(o.headers ?? {}) };
    if (cookie) h.Cookie = cookie;
    const origin = o.origin === undefined ? (withOrigin ? baseUrl : null) : o.origin;
    if (origin) h.Origin = origin;
    return h;
  }

  const get: TestServer["get"] = (p, cookie, o = {}) =>
    fetch(baseUrl + p, { method: "GET", redirect: "manual", headers: headersFor(cookie, o, false) });

  const post: TestServer["post"] = (p, cookie, fields = {}, o = {}) =>
    fetch(baseUrl + p, { method: "POST", redirect: "manual", headers: headersFor(cookie, o, true), body: formBody(fields, o) });

  async function login(email: string, password = DEMO_PASSWORD) {
    const res = await post("/login", null, { email, password });
    const cookie = sessionCookieFrom(res);
    await res.body?.cancel();
    if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed: HTTP ${res.status}`);
    return cookie;
  }

  async function close() {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  return { baseUrl, build, close, login, get, post };
}

/**
 * Every page of a list's data request, following its nextCursor: `path` names the list and its
 * query (including `_data=…`); each page must answer 200. Fails past `maxPages`.
 */
export async function dataPages<T extends { nextCursor: string | null }>(server: TestServer, path: string, cookie: string, maxPages = 500): Promise<T[]> {
  const pages: T[] = [];
  let after = "";
  for (let page = 0; page < maxPages; page++) {
    const res = await server.get(`${path}${after ? `&after=${encodeURIComponent(after)}` : ""}`, cookie);
    expect(res.status).toBe(200);
    const data = (await res.json()) as T;
    pages.push(data);
    if (!data.nextCursor) return pages;
    after = data.nextCursor;
  }
  throw new Error("too many pages");
}
