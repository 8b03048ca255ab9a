import { isAllowedOrigin, SAFE_METHODS } from "../../app/domain/origin";

const appUrl = "https://portal.example.com";
const requestOrigin = "https://portal.example.com";
const check = (method: string, origin: string | null | undefined, opts: Partial<{ appUrl: string; requestOrigin: string }> = {}) =>
  isAllowedOrigin({ method, origin, appUrl: opts.appUrl ?? appUrl, requestOrigin: opts.requestOrigin ?? requestOrigin });

describe("isAllowedOrigin", () => {
  it("allows safe methods from anywhere, in any case", () => {
    expect([...SAFE_METHODS].sort()).toEqual(["GET", "HEAD", "OPTIONS"]);
    for (const m of ["GET", "get", "HEAD", "OPTIONS"]) {
      expect(check(m, "https://evil.example")).toBe(true);
      expect(check(m, null)).toBe(true);
    }
  });

  it("allows a POST from the portal's own origin", () => {
    expect(check("POST", "https://portal.example.com")).toBe(true);
    expect(check("post", "https://portal.example.com")).toBe(true);
    // an origin is compared as an origin, so a default port or trailing slash makes no difference
    expect(check("POST", "https://portal.example.com:443")).toBe(true);
    expect(check("POST", "https://portal.example.com/")).toBe(true);
  });

  it("allows the origin the request was addressed to, even when APP_URL differs", () => {
    expect(check("POST", "http://localhost:3000", { appUrl, requestOrigin: "http://localhost:3000" })).toBe(true);
  });

  it.each(["PUT", "PATCH", "DELETE", "POST"])("refuses a %s from a foreign origin", (method) => {
    expect(check(method, "https://evil.example")).toBe(false);
  });

  it("refuses look-alike origins", () => {
    expect(check("POST", "http://portal.example.com")).toBe(false); // other scheme
    expect(check("POST", "https://portal.example.com:8443")).toBe(false); // other port
    expect(check("POST", "https://portal.example.com.evil.example")).toBe(false);
    expect(check("POST", "https://evil.example/https://portal.example.com")).toBe(false);
    expect(check("POST", "https://sub.portal.example.com")).toBe(false);
  });

  it("refuses a state-changing request without an Origin, with Origin null or with a malformed one", () => {
    expect(check("POST", null)).toBe(false);
    expect(check("POST", undefined)).toBe(false);
    expect(check("POST", "")).toBe(false);
    expect(check("POST", "null")).toBe(false);
    expect(check("POST", "not a url")).toBe(false);
    expect(check("POST", "portal.example.com")).toBe(false);
    expect(check("DELETE", "://")).toBe(false);
  });
});
