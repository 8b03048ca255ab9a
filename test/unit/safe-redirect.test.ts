import { safeRedirect } from "../../app/domain/safe-redirect";

const FALLBACK = "/tenants";

describe("safeRedirect", () => {
  it.each(["/", "/northwind/partners", "/northwind/partners?after=abc&q=x%20y#top", "/login?redirectTo=%2Fnorthwind"])("keeps the same-site path %s", (to) => {
    expect(safeRedirect(to, FALLBACK)).toBe(to);
  });

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["empty", ""],
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/northwind"],
    ["backslash trick", "/\\evil.example"],
    ["absolute http", "http://evil.example"],
    ["absolute https", "https://evil.example/x"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "northwind/partners"],
    ["dot relative", "../admin"],
    ["leading backslash", "\\\\evil.example"],
    ["leading space", " /northwind"],
  ])("falls back for %s", (_label, to) => {
    expect(safeRedirect(to as string | null | undefined, FALLBACK)).toBe(FALLBACK);
  });

  it("falls back for a non-string value", () => {
    expect(safeRedirect(42 as unknown as string, FALLBACK)).toBe(FALLBACK);
  });

  it("never returns anything a browser would resolve to another host", () => {
    const candidates = ["/ok", "//x.example", "/\\x.example", "https://x.example", "/\\/x.example", "/%2F%2Fx.example"];
    for (const c of candidates) {
      const target = new URL(safeRedirect(c, FALLBACK), "https://portal.example.com");
      expect(target.host, c).toBe("portal.example.com");
    }
  });

  // A browser strips ASCII tab and newline from URLs, so "/\t/evil.example" becomes "//evil.example".
  it.each(["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/ok\u0000"])(
    "falls back for %j, which a browser would turn into another host once it strips control characters",
    (to) => {
      expect(safeRedirect(to, FALLBACK)).toBe(FALLBACK);
    },
  );
});

describe("safeRedirect with characters a Location header can't carry", () => {
  it.each([
    ["/northwind/ordërs", "/northwind/ord%C3%ABrs"],
    ["/northwind/orders?q=€", "/northwind/orders?q=%E2%82%AC"],
    ["/ok path", "/ok%20path"],
  ])("percent-encodes %s", (to, expected) => {
    const out = safeRedirect(to, FALLBACK);
    expect(out).toBe(expected);
    // what a Headers object accepts (it throws on anything above U+00FF)
    expect(() => new Headers({ Location: out })).not.toThrow();
  });

  it("still refuses a protocol-relative path hidden behind non-ASCII", () => {
    expect(safeRedirect("//évil.example", FALLBACK)).toBe(FALLBACK);
  });
});
