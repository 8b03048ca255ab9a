// Cross-site request forgery guard: a state-changing request must come from the portal's own origin.
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isAllowedOrigin(opts: {
  method: string;
  origin: string | null | undefined;
  /** the origin the request was addressed to: protocol://host[:port] */
  requestOrigin: string;
  appUrl: string;
}): boolean {
  if (SAFE_METHODS.has(opts.method.toUpperCase())) return true;
  if (!opts.origin || opts.origin === "null") return false;
  let origin: string;
  try {
    origin = new URL(opts.origin).origin;
  } catch {
    return false;
  }
  return origin === new URL(opts.appUrl).origin || origin === new URL(opts.requestOrigin).origin;
}
