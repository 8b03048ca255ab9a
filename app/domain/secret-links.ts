// Links that let their holder into an account (an invitation, a password reset) belong to the
// recipient's mailbox alone. Copies that other people can read (the company's Outbox) keep the
// message but not the token. Pure: no I/O.

/** What a masked token reads as: the link's place is kept, its secret is not. */
export const MASKED_TOKEN = "••••••";

// the token alphabet of session-token.ts (base32, lower case, no padding), 20+ characters so a
// shorter word after /invite/ in prose is left alone
const SECRET_LINK = /\/(invite|reset-password)\/[a-z2-7]{20,}/gi;

/** Every invitation or reset link in `text` with its token replaced by MASKED_TOKEN. */
export function maskSecretLinks(text: string): string {
  return text.replace(SECRET_LINK, (_m, kind: string) => `/${kind}/${MASKED_TOKEN}`);
}

/** A mail's readable copy: subject, HTML and text with their secret links masked. */
export function maskedEmailCopy<T extends { subject: string; html: string; text: string }>(email: T): T {
  return { ...email, subject: maskSecretLinks(email.subject), html: maskSecretLinks(email.html), text: maskSecretLinks(email.text) };
}
