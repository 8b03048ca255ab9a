import { invitationEmail } from "../../emails/invitation";
import { escapeHtml, layout } from "../../emails/layout";
import { passwordResetEmail } from "../../emails/password-reset";

const EVIL = `<script>alert("x")</script>&'`;

/** The text a reader sees in the HTML part: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  });
  it("leaves other text alone", () => {
    expect(escapeHtml("Sunrise Packaging — Leeds, 100 %")).toBe("Sunrise Packaging — Leeds, 100 %");
  });
});

describe("layout", () => {
  it("renders title, paragraphs, action and footer into both HTML and text", () => {
    const { html, text } = layout({ title: "T", paragraphs: ["one", "two"], action: { label: "Go", url: "https://p.test/x?a=1&b=2" }, footer: "F" });
    expect(text).toBe("T\n\none\n\ntwo\n\nGo: https://p.test/x?a=1&b=2\n\nF");
    expect(html).toContain("<h1");
    expect(html).toContain('href="https://p.test/x?a=1&amp;b=2"');
    expect(visibleText(html)).toContain("one");
    expect(visibleText(html)).toContain("F");
  });

  it("leaves out the action and footer when none are given", () => {
    const { html, text } = layout({ title: "T", paragraphs: ["p"] });
    expect(html).not.toContain("<a ");
    expect(text).toBe("T\n\np");
  });
});

describe("passwordResetEmail", () => {
  const data = { name: "Nadia Admin", url: "http://localhost:3000/reset-password/abcdefghijklmnopqrstuvwxyz234567", expiresInMinutes: 30 };

  it("renders subject, HTML and text from the same data", () => {
    const email = passwordResetEmail(data);
    expect(email.template).toBe("password-reset");
    expect(email.subject).toBe("Reset your Supplier Portal password");
    for (const part of [email.html, email.text]) {
      expect(part).toContain("Nadia Admin");
      expect(part).toContain(data.url);
      expect(part).toContain("30 minutes");
      expect(part).toContain("ignore this email");
    }
    expect(email.html).toContain(`href="${data.url}"`);
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it("escapes markup injected through the name in the HTML, and keeps it literal in the text", () => {
    const email = passwordResetEmail({ ...data, name: EVIL });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    expect(visibleText(email.html)).toContain(EVIL);
    expect(email.text).toContain(`Hello ${EVIL},`);
  });

  it("escapes a URL that would break out of the href attribute", () => {
    const email = passwordResetEmail({ ...data, url: `https://p.test/"><img src=x onerror=alert(1)>` });
    expect(email.html).not.toContain("<img");
    expect(email.html).toContain('href="https://p.test/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });
});

describe("invitationEmail", () => {
  const data = {
    tenantName: "Northwind Foods",
    inviterName: "Nadia Admin",
    roleLabel: "Partner user",
    partnerName: "Sunrise Packaging",
    url: "http://localhost:3000/invite/abcdefghijklmnopqrstuvwxyz234567",
    expiresInDays: 7,
  };

  it("renders subject, HTML and text from the same data", () => {
    const email = invitationEmail(data);
    expect(email.template).toBe("invitation");
    expect(email.subject).toBe("You're invited to Northwind Foods on the Supplier Portal");
    expect(email.text.split("\n")[0]).toBe(email.subject);
    expect(visibleText(email.html)).toContain(email.subject);
    for (const part of [email.text, visibleText(email.html)]) {
      expect(part).toContain("Nadia Admin invited you to work with Northwind Foods as Partner user for Sunrise Packaging.");
      expect(part).toContain("The link expires in 7 days.");
      expect(part).toContain(data.url);
    }
  });

  it("names only the role for an internal invitation", () => {
    const email = invitationEmail({ ...data, roleLabel: "Planner", partnerName: null });
    expect(email.text).toContain("as Planner.");
    expect(email.text).not.toContain(" for ");
  });

  it("escapes markup injected through tenant, inviter, role and partner names", () => {
    const email = invitationEmail({ ...data, tenantName: EVIL, inviterName: `<b>boss</b>`, partnerName: `<iframe src="//evil">`, roleLabel: "R&D" });
    expect(email.html).not.toMatch(/<script|<b>|<iframe/);
    expect(email.html).toContain("&lt;b&gt;boss&lt;/b&gt;");
    expect(email.html).toContain("R&amp;D");
    expect(email.text).toContain(`<b>boss</b> invited you to work with ${EVIL} as R&D for <iframe src="//evil">.`);
    // the subject is a header, not HTML: it carries the raw name
    expect(email.subject).toContain(EVIL);
  });
});
