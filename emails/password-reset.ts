import { layout, type RenderedEmail } from "./layout";

export function passwordResetEmail(data: { name: string; url: string; expiresInMinutes: number }): RenderedEmail {
  const subject = "Reset your Supplier Portal password";
  return {
    template: "password-reset",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `Hello ${data.name},`,
        `Someone asked to reset the password for your account. The link below works once and expires in ${data.expiresInMinutes} minutes.`,
      ],
      action: { label: "Choose a new password", url: data.url },
      footer: "If you did not ask for this, ignore this email: your password stays as it is.",
    }),
  };
}
