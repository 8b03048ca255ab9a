// The one place that sends mail. SMTP_URL: nodemailer over SMTP; otherwise nodemailer writes
// the message to data/mail/ (.eml). Tenant mail is also kept in the emails table for the Outbox.
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import type { RenderedEmail } from "../../emails/layout";
import { emails } from "../../drizzle/schema";
import { maskedEmailCopy } from "../domain/secret-links";
import type { Tx } from "./db.server";
import { getEnv } from "./env.server";

import { AsyncLocalStorage } from "node:async_hooks";

const muted = new AsyncLocalStorage<boolean>();

/** Run without sending or recording any mail: for loading demo data, which nobody should be emailed about. */
export function withoutMail<T>(fn: () => Promise<T>): Promise<T> {
  return muted.run(true, fn);
}

type Transport = ReturnType<typeof nodemailer.createTransport>;
let transport: { key: string; t: Transport } | undefined;

function getTransport(): Transport {
  const env = getEnv();
  const key = env.SMTP_URL ?? "file";
  if (transport?.key !== key) {
    transport = {
      key,
      t: env.SMTP_URL
        ? nodemailer.createTransport(env.SMTP_URL)
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
    };
  }
  return transport.t;
}

export async function sendEmail(to: string, email: RenderedEmail): Promise<{ messageId: string; transport: string }> {
  if (muted.getStore()) return { messageId: "", transport: "none" };
  const env = getEnv();
  const info = await getTransport().sendMail({ from: env.MAIL_FROM, to, subject: email.subject, html: email.html, text: email.text });
  if (env.SMTP_URL) return { messageId: info.messageId, transport: "smtp" };
  await fs.mkdir(env.MAIL_DIR, { recursive: true });
  const safeTo = to.replace(/[^a-z0-9@._-]/gi, "_");
  // the random suffix keeps two mails in the same millisecond from overwriting each other
  const file = path.join(env.MAIL_DIR, `${new Date().toISOString().replace(/[:.]/g, "-")}-${email.template}-${safeTo}-${randomUUID().slice(0, 8)}.eml`);
  await fs.writeFile(file, (info as unknown as { message: Buffer }).message);
  return { messageId: info.messageId, transport: "file" };
}

/**
 * Send mail on behalf of a tenant and keep a copy for its Outbox (inside the caller's tenant
 * transaction). The copy's invitation and reset links are masked: the company's admins read the
 * Outbox, and a live link would let them accept an invitation or set a password for someone else.
 */
export async function sendTenantEmail(tx: Tx, tenantId: string, to: string, email: RenderedEmail) {
  const sent = await sendEmail(to, email);
  if (sent.transport === "none") return sent;
  const copy = maskedEmailCopy(email);
  await tx.insert(emails).values({
    tenantId,
    template: email.template,
    to,
    subject: copy.subject,
    html: copy.html,
    text: copy.text,
    transport: sent.transport,
  });
  return sent;
}
