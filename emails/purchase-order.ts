import { describeOverCommitment } from "../app/domain/capacity";
import { layout, type RenderedEmail } from "./layout";

export type PoEmailKind = "issued" | "confirmed" | "changes_proposed" | "rejected" | "changes_accepted" | "changes_declined" | "cancelled" | "revised";

const TEXT: Record<PoEmailKind, { subject: (n: string, r: number) => string; lead: (d: PoEmailData) => string; action: string }> = {
  issued: {
    subject: (n, r) => `New purchase order ${n} (revision ${r}) to acknowledge`,
    lead: (d) => `${d.tenantName} issued purchase order ${d.number} to ${d.partnerName}. Please accept it, propose changes or reject it, line by line.`,
    action: "Open the purchase order",
  },
  revised: {
    subject: (n, r) => `Purchase order ${n} revised (revision ${r}): please acknowledge again`,
    lead: (d) => `${d.tenantName} revised purchase order ${d.number}. The new revision needs your answer.`,
    action: "Open the purchase order",
  },
  confirmed: {
    subject: (n) => `${n} confirmed by the partner`,
    lead: (d) => `${d.partnerName} accepted every line of purchase order ${d.number}.`,
    action: "View the purchase order",
  },
  changes_proposed: {
    subject: (n) => `${n}: the partner proposes changes`,
    lead: (d) => `${d.partnerName} proposed changes to purchase order ${d.number}. Review them and accept or decline.`,
    action: "Review the changes",
  },
  rejected: {
    subject: (n) => `${n} rejected by the partner`,
    lead: (d) => `${d.partnerName} rejected every line of purchase order ${d.number}.`,
    action: "View the purchase order",
  },
  changes_accepted: {
    subject: (n, r) => `${n}: your changes were accepted (revision ${r})`,
    lead: (d) => `${d.tenantName} accepted your proposed changes. Purchase order ${d.number} is confirmed at revision ${d.revision}.`,
    action: "View the purchase order",
  },
  changes_declined: {
    subject: (n) => `${n}: your proposed changes were declined`,
    lead: (d) => `${d.tenantName} declined your proposed changes to purchase order ${d.number}. Please answer it again.`,
    action: "Answer the purchase order",
  },
  cancelled: {
    subject: (n) => `Purchase order ${n} cancelled`,
    lead: (d) => `${d.tenantName} cancelled purchase order ${d.number}.`,
    action: "View the purchase order",
  },
};

export interface PoEmailData {
  kind: PoEmailKind;
  tenantName: string;
  partnerName: string;
  number: string;
  revision: number;
  url: string;
  /** a comment or reason given with the action */
  detail?: string;
  /** weeks the answer puts over the partner's declared capacity */
  overCapacity?: { label: string; week: string; capacity: string; demandAfter: string; over: string }[];
}

export function poEmail(data: PoEmailData): RenderedEmail {
  const t = TEXT[data.kind];
  const subject = t.subject(data.number, data.revision);
  return {
    template: `po-${data.kind}`,
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        t.lead(data),
        ...(data.detail ? [`Comment: ${data.detail}`] : []),
        ...(data.overCapacity?.length
          ? [`Over declared capacity: the partner accepted more than it declared it can make in ${data.overCapacity.length} week(s).`, ...data.overCapacity.map(describeOverCommitment)]
          : []),
      ],
      action: { label: t.action, url: data.url },
    }),
  };
}
