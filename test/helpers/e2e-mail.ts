// The e2e SMTP listener and a small reader for what it received. The portal sends real mail
// through nodemailer to this listener; every message lands as <n>.eml plus <n>.json (envelope)
// in a folder the tests read. Parsing is minimal on purpose: headers, multipart, quoted-printable
// and base64 are all the portal's mail uses.
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface Envelope {
  from: string | null;
  to: string[];
  receivedAt: string;
}

export async function startSmtpListener(mailDir: string): Promise<{ port: number; close(): Promise<void> }> {
  await fsp.mkdir(mailDir, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", callback);
      stream.on("end", () => {
        const base = path.join(mailDir, `${Date.now()}-${String(++counter).padStart(4, "0")}`);
        const envelope: Envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          receivedAt: new Date().toISOString(),
        };
        // the .json is written last: a reader that sees it can read the whole .eml
        fsp
          .writeFile(`${base}.eml`, Buffer.concat(chunks))
          .then(() => fsp.writeFile(`${base}.json`, JSON.stringify(envelope)))
          .then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.on("error", (e) => console.error("[e2e smtp]", e));
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("SMTP listener has no port");
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// ---- reading ----

export interface ReceivedEmail {
  file: string;
  envelope: Envelope;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  /** every http(s) link found in the text and HTML parts */
  links: string[];
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitHeaders(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? "" : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  // unfold continuation lines, then split name: value
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function param(headerValue: string | undefined, name: string): string | undefined {
  const m = headerValue?.match(new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i"));
  return m ? (m[1] ?? m[2]) : undefined;
}

function charsetOf(contentType: string | undefined): BufferEncoding {
  const c = (param(contentType, "charset") ?? "utf-8").toLowerCase();
  return c === "us-ascii" || c === "ascii" ? "ascii" : c.startsWith("iso-8859") || c === "latin1" ? "latin1" : "utf8";
}

export function decodeQuotedPrintable(body: string): Buffer {
  const soft = body.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i];
    if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, "utf8"));
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const charset = charsetOf(part.headers["content-type"]);
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body).toString(charset);
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString(charset);
  return part.body;
}

/** RFC 2047 encoded words, as nodemailer writes them for non-ASCII or long subjects. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const cs = charsetOf(`x; charset=${charset}`);
      if (enc.toUpperCase() === "B") return Buffer.from(text, "base64").toString(cs);
      return decodeQuotedPrintable(text.replace(/_/g, " ")).toString(cs);
    });
}

function leaves(part: Part): Part[] {
  const type = part.headers["content-type"] ?? "text/plain";
  if (!/^multipart\//i.test(type)) return [part];
  const boundary = param(type, "boundary");
  if (!boundary) return [];
  const sections = part.body.split(`--${boundary}`);
  // drop the preamble and everything after the closing delimiter
  return sections
    .slice(1)
    .filter((s) => !s.startsWith("--"))
    .flatMap((s) => leaves(splitHeaders(s.replace(/^\r?\n/, ""))));
}

export function parseEmail(raw: string): Omit<ReceivedEmail, "file" | "envelope"> {
  const top = splitHeaders(raw);
  let text = "";
  let html = "";
  for (const leaf of leaves(top)) {
    const type = (leaf.headers["content-type"] ?? "text/plain").toLowerCase();
    if (type.startsWith("text/plain")) text += decodeBody(leaf);
    else if (type.startsWith("text/html")) html += decodeBody(leaf);
  }
  const decodedHtml = html.replace(/&amp;/g, "&");
  const links = [...new Set([...`${text}\n${decodedHtml}`.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]))];
  return { headers: top.headers, subject: decodeHeader(top.headers["subject"] ?? ""), text, html, links };
}

export function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the e2e tests through playwright.config.ts (its globalSetup starts the SMTP listener)");
  return dir;
}

export function readAllEmails(dir = mailDir()): ReceivedEmail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const base = path.join(dir, f.slice(0, -".json".length));
      const envelope = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as Envelope;
      return { file: `${base}.eml`, envelope, ...parseEmail(fs.readFileSync(`${base}.eml`, "utf8")) };
    });
}

/** Wait until a message to `to` (optionally with a subject matching `subject`) arrives; the newest one wins. */
export async function waitForEmail(
  to: string,
  opts: { subject?: string | RegExp; after?: Date; timeoutMs?: number } = {},
): Promise<ReceivedEmail> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  const want = to.toLowerCase();
  for (;;) {
    const found = readAllEmails()
      .filter((m) => m.envelope.to.includes(want))
      .filter((m) => !opts.after || new Date(m.envelope.receivedAt) >= opts.after)
      .filter((m) =>
        opts.subject === undefined ? true : typeof opts.subject === "string" ? m.subject.includes(opts.subject) : opts.subject.test(m.subject),
      );
    if (found.length) return found[found.length - 1];
    if (Date.now() > deadline) {
      const seen = readAllEmails().map((m) => `${m.envelope.to.join(",")}: ${m.subject}`);
      throw new Error(`No email to ${to} arrived within ${opts.timeoutMs ?? 15_000} ms. Received: ${seen.join(" | ") || "nothing"}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The one link in the message whose path starts with `pathPrefix` (e.g. "/reset-password/"). */
export function linkTo(email: ReceivedEmail, pathPrefix: string): string {
  const matches = [...new Set(email.links.filter((l) => new URL(l).pathname.startsWith(pathPrefix)))];
  if (matches.length !== 1) throw new Error(`Expected one ${pathPrefix} link in "${email.subject}", found ${matches.length}: ${email.links.join(" ")}`);
  return matches[0];
}
