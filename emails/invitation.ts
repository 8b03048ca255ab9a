import { layout, type RenderedEmail } from "./layout";

export function invitationEmail(data: {
  tenantName: string;
  inviterName: string;
  roleLabel: string;
  partnerName: string | null;
  url: string;
  expiresInDays: number;
}): RenderedEmail {
  const subject = `You're invited to ${data.tenantName} on the Supplier Portal`;
  const as = data.partnerName ? `${data.roleLabel} for ${data.partnerName}` : data.roleLabel;
  return {
    template: "invitation",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.inviterName} invited you to work with ${data.tenantName} as ${as}.`,
        `Open the link to choose a password, or, if you already use the Supplier Portal with this address, to sign in and add ${data.tenantName} to your account. The link expires in ${data.expiresInDays} days.`,
      ],
      action: { label: "Accept the invitation", url: data.url },
    }),
  };
}
