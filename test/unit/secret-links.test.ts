import { invitationEmail } from "../../emails/invitation";
import { passwordResetEmail } from "../../emails/password-reset";
import { generateToken } from "../../app/domain/session-token";
import { MASKED_TOKEN, maskedEmailCopy, maskSecretLinks } from "../../app/domain/secret-links";

describe("maskSecretLinks", () => {
  it("masks the token of invitation and reset links, wherever they sit", () => {
    const t = generateToken();
    expect(maskSecretLinks(`https://portal.example/invite/${t}`)).toBe(`https://portal.example/invite/${MASKED_TOKEN}`);
    expect(maskSecretLinks(`Open /reset-password/${t}.`)).toBe(`Open /reset-password/${MASKED_TOKEN}.`);
    expect(maskSecretLinks(`<a href="http://x/invite/${t}">go</a> or http://x/invite/${t}`)).toBe(
      `<a href="http://x/invite/${MASKED_TOKEN}">go</a> or http://x/invite/${MASKED_TOKEN}`,
    );
  });

  it("leaves other text alone", () => {
    for (const s of ["/northwind/invitations/3f1c", "Accept the invitation", "/invite/ a colleague", "/login?redirectTo=%2Fnorthwind"]) expect(maskSecretLinks(s)).toBe(s);
  });

  it("keeps every word of a rendered invitation and reset email except their tokens", () => {
    const t = generateToken();
    for (const email of [
      invitationEmail({ tenantName: "Northwind Foods", inviterName: "Nadia Admin", roleLabel: "Viewer", partnerName: null, url: `http://portal.test/invite/${t}`, expiresInDays: 7 }),
      passwordResetEmail({ name: "Priya", url: `http://portal.test/reset-password/${t}`, expiresInMinutes: 30 }),
    ]) {
      const copy = maskedEmailCopy(email);
      expect(email.html + email.text).toContain(t);
      expect(copy.html + copy.text + copy.subject).not.toContain(t);
      expect(copy.subject).toBe(email.subject);
      expect(copy.template).toBe(email.template);
      expect(copy.text).toBe(email.text.replaceAll(t, MASKED_TOKEN));
      expect(copy.html).toBe(email.html.replaceAll(t, MASKED_TOKEN));
    }
  });
});
