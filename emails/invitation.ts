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
        `Accept the invitation to set your password (or to add ${data.tenantName} to the account you already have). The link expires in ${data.expiresInDays} days.`,
      ],
      action: { label: "Accept the invitation", url: data.url },
    }),
  };
}
