// Playwright globalSetup: a real SMTP listener, a fresh database, and the built portal
// (`node --import tsx server.ts`, as `npm start` runs it) on its own port. Returns the teardown.
//
// Database: with TEST_DATABASE_URL / DATABASE_URL, a new database on that server, prepared with
// `npm run db:migrate` and `npm run db:seed`; otherwise a fresh PGlite folder, which the server
// migrates and seeds with the demo on its first start.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startSmtpListener } from "./e2e-mail";

const root = path.resolve(import.meta.dirname, "../..");

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = "/" + name;
  return u.toString();
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(log, "a");
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", out, out] });
    child.on("error", reject);
    child.on("exit", (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}:\n${tail(log)}`));
    });
  });
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

async function waitForServer(url: string, child: ChildProcess, log: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The portal exited with ${child.exitCode} before answering:\n${tail(log)}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The portal did not answer ${url} within ${timeoutMs / 1000}s:\n${tail(log)}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT);
  if (!port) throw new Error("E2E_PORT is not set (playwright.config.ts sets it)");
  const appUrl = `http://localhost:${port}`;

  const work = await fsp.mkdtemp(path.join(os.tmpdir(), "portal-e2e-"));
  const log = path.join(work, "server.log");
  const mailDir = path.join(work, "mail");
  process.env.E2E_MAIL_DIR = mailDir; // inherited by the test workers
  process.env.E2E_SERVER_LOG = log;

  if (!fs.existsSync(path.join(root, "build/index.js"))) {
    console.log("[e2e] build/index.js is missing: running `npm run build` first");
    await run("npm", ["run", "build"], process.env, log);
  }

  const smtp = await startSmtpListener(mailDir);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    APP_URL: appUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_DIR: path.join(work, "mail-files"),
    PGLITE_DIR: path.join(work, "pglite"),
    UPLOAD_DIR: path.join(work, "uploads"),
  };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  delete env.TRUST_PROXY;

  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `portal_e2e_${process.pid}_${Date.now().toString(36)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end();
    dropDatabase = async () => {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) => console.error("[e2e] drop database:", e));
      await dropper.end();
    };
    env.DATABASE_URL = withDatabaseName(serverUrl, name);
    await run("npm", ["run", "db:migrate"], env, log);
    await run("npm", ["run", "db:seed"], env, log);
  }

  const out = fs.openSync(log, "a");
  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: root, env, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  try {
    await waitForServer(`${appUrl}/login`, server, log);
  } catch (e) {
    await stop(server);
    await smtp.close();
    await dropDatabase?.();
    throw e;
  }
  console.log(`[e2e] portal on ${appUrl} (${serverUrl ? "PostgreSQL " + new URL(env.DATABASE_URL!).pathname.slice(1) : "PGlite"}), SMTP on ${smtp.port}, files in ${work}`);

  return async () => {
    await stop(server);
    await smtp.close();
    await dropDatabase?.();
    // keep the server log next to the Playwright results; remove the rest
    try {
      await fsp.mkdir(path.join(root, "test-results"), { recursive: true });
      await fsp.copyFile(log, path.join(root, "test-results/e2e-server.log"));
    } catch {
      // nothing to keep
    }
    if (!process.env.E2E_KEEP) await fsp.rm(work, { recursive: true, force: true });
  };
}
