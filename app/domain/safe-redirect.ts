/** Only same-site paths: "/x" but never "//evil.example" or "http://...". */
export function safeRedirect(to: string | null | undefined, fallback: string): string {
  if (!to || typeof to !== "string") return fallback;
  // browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example"
  if (/[\x00-\x1f\x7f]/.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
