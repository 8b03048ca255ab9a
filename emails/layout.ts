// Every email is rendered from one data object into subject, HTML and plain text.
export interface RenderedEmail {
  template: string;
  subject: string;
  html: string;
  text: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function layout(opts: { title: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }) {
  const body = opts.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join("");
  const button = opts.action
    ? `<p style="margin:20px 0"><a href="${escapeHtml(opts.action.url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(opts.action.label)}</a></p><p style="font-size:12px;color:#555">Or paste this link into your browser: ${escapeHtml(opts.action.url)}</p>`
    : "";
  const footer = opts.footer ? `<p style="font-size:12px;color:#777">${escapeHtml(opts.footer)}</p>` : "";
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px"><h1 style="font-size:18px">${escapeHtml(opts.title)}</h1>${body}${button}${footer}</body></html>`;
  const text = [opts.title, "", ...opts.paragraphs.flatMap((p) => [p, ""]), ...(opts.action ? [`${opts.action.label}: ${opts.action.url}`, ""] : []), ...(opts.footer ? [opts.footer] : [])]
    .join("\n")
    .trimEnd();
  return { html, text };
}
