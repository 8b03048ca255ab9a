/**
 * Only same-site paths: "/x" but never "//evil.example" or "http://...". Characters outside ASCII
 * are percent-encoded ("/ünï" -> "/%C3%BCn%C3%AF"): a Location header can carry only Latin-1, and
 * a raw "ü" or "€" there made the sign-in answer 500.
 */
export function safeRedirect(to: string | null | undefined, fallback: string): string {
  if (!to || typeof to !== "string" || to.length > 2000) return fallback;
  // browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example"
  if (/[\x00-\x1f\x7f]/.test(to)) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/^[\x21-\x7e]*$/.test(to)) return to;
  try {
    const base = "http://portal.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
