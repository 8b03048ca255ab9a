// The HTTP server around the Remix handler: static files, the Origin check, the client address,
// the request guard (bounded bodies and field names), and a 500 that never shows what went wrong.
import path from "node:path";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { isAllowedOrigin } from "../domain/origin";
import { getEnv } from "./env.server";
import { logErrorLine } from "./log.server";
import { createGuardedRequestHandler } from "./request-guard.server";

export function createPortalApp(build: ServerBuild, root = process.cwd()) {
  const env = getEnv();
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "true" ? true : process.env.TRUST_PROXY);
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  app.use((req, res, next) => {
    const requestOrigin = `${req.protocol}://${req.get("host") ?? "localhost"}`;
    if (!isAllowedOrigin({ method: req.method, origin: req.get("origin"), requestOrigin, appUrl: env.APP_URL })) {
      res.status(403).type("text/plain").send("Refused: this request did not come from the portal's own pages (Origin check).");
      return;
    }
    // the only trusted source of the client address: the socket (or a configured proxy)
    req.headers["x-portal-client-ip"] = req.ip ?? "unknown";
    next();
  });

  // bodies, field names and query strings are bounded before Remix parses anything
  app.all("*", createGuardedRequestHandler(build, env.NODE_ENV === "development" ? "development" : "production"));

  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logErrorLine({ method: req.method, path: req.path }, err);
    if (res.headersSent) return void res.end();
    res.status(500).type("text/plain").send("Something went wrong. The error was logged.");
  });
  return app;
}
