// Browser tests in Debian's Chromium against the built portal. test/helpers/e2e-setup.ts starts
// a real SMTP listener, a fresh database and the server; the tests click through as people do.
import fs from "node:fs";
import net from "node:net";
import { defineConfig, type ReporterDescription } from "@playwright/test";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

// Chosen once in the runner; the workers inherit E2E_PORT and agree on the base URL.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String((await portIsFree(3210)) ? 3210 : await anyFreePort());
}
const baseURL = `http://localhost:${process.env.E2E_PORT}`;

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const reporter: ReporterDescription[] = [["list"]];
// .ci/run asks for a machine-readable copy alongside the normal output
if (process.env.PLAYWRIGHT_JSON_OUTPUT_FILE) reporter.push(["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE }]);

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./test/helpers/e2e-setup.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: fs.existsSync(chromium)
      ? {
          executablePath: chromium,
          args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        }
      : {},
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
