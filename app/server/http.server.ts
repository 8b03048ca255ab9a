// The HTTP server around the Remix handler: static files, the Origin check, the client address.
import path from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { isAllowedOrigin } from "../domain/origin";
import { getEnv } from "./env.server";

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

  app.all("*", createRequestHandler({ build, mode: env.NODE_ENV === "development" ? "development" : "production" }));

  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(JSON.stringify({ level: "error", path: req.path, error: err instanceof Error ? err.message : String(err) }));
    res.status(500).type("text/plain").send("Something went wrong. The error was logged.");
  });
  return app;
}
