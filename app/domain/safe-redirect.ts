/** Only same-site paths: "/x" but never "//evil.example" or "http://...". */
export function safeRedirect(to: string | null | undefined, fallback: string): string {
  if (!to || typeof to !== "string") return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
