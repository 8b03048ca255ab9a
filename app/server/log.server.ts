// Errors are logged on the server with the tenant and the user; pages never see them.
import { readSessionToken, validateSessionToken } from "./session.server";

export function logError(error: unknown, request: Request, tenant = "-") {
  const url = new URL(request.url);
  void (async () => {
    let user = "anonymous";
    try {
      const token = readSessionToken(request);
      const found = token ? await validateSessionToken(token) : null;
      if (found) user = found.user.email;
    } catch {
      user = "unknown";
    }
    console.error(
      JSON.stringify({
        level: "error",
        at: new Date().toISOString(),
        method: request.method,
        path: url.pathname,
        tenant,
        user,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      }),
    );
  })();
}
