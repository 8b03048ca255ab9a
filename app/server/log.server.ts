// Errors are logged on the server with the tenant and the user's id; pages never see them, and the
// log never holds a query's parameter values (see domain/error-description).
import { describeError } from "../domain/error-description";
import { readSessionToken, validateSessionToken } from "./session.server";

/** One JSON line on stderr: where it happened (`context`) and the error, described without its values. */
export function logErrorLine(context: Record<string, string>, error: unknown) {
  console.error(JSON.stringify({ level: "error", at: new Date().toISOString(), ...context, error: describeError(error) }));
}

export function logError(error: unknown, request: Request, tenant = "-") {
  const url = new URL(request.url);
  void (async () => {
    let user = "anonymous";
    try {
      const token = readSessionToken(request);
      const found = token ? await validateSessionToken(token) : null;
      if (found) user = found.user.id;
    } catch {
      user = "unknown";
    }
    logErrorLine({ method: request.method, path: url.pathname, tenant, user }, error);
  })();
}
