import { layout, type RenderedEmail } from "./layout";

interface InspectionMailData {
  tenantName: string;
  number: string;
  partnerName: string;
  itemCode: string;
  itemDescription: string;
  lotNumber: string;
  lotSize: number;
  url: string;
}

/** The signed-off verdict, to the partner and the tenant's quality staff. */
export function inspectionVerdictEmail(
  data: InspectionMailData & { verdict: "accepted" | "rejected"; overridden: boolean; failedClasses: string[]; severity: string; switching: string | null },
): RenderedEmail {
  const word = data.verdict === "accepted" ? "accepted" : "REJECTED";
  const subject = `Inspection ${data.number}: lot ${data.lotNumber || "—"} of ${data.itemCode} ${word}`;
  const paragraphs = [
    `${data.tenantName} has signed off inspection ${data.number} of ${data.partnerName}'s lot ${data.lotNumber || "(no lot number)"}: ${data.itemCode} ${data.itemDescription}, ${data.lotSize} units, ${data.severity} inspection.`,
    `Verdict: ${data.verdict}${data.overridden ? " (decided by the inspector, overriding the sampling result)" : ""}.`,
  ];
  if (data.failedClasses.length) paragraphs.push(`Defect classes over their acceptance number: ${data.failedClasses.join(", ")}.`);
  if (data.verdict === "rejected") paragraphs.push("The lot is marked for escalation.");
  if (data.switching) paragraphs.push(`Inspection severity for this item changes: ${data.switching}.`);
  return { template: "inspection-verdict", subject, ...layout({ title: subject, paragraphs, action: { label: "Open the inspection", url: data.url } }) };
}

/** Five lots not accepted on tightened inspection: inspection stops until corrective action. */
export function inspectionDiscontinuedEmail(data: Omit<InspectionMailData, "lotNumber" | "lotSize" | "number"> & { reason: string }): RenderedEmail {
  const subject = `Inspection discontinued: ${data.partnerName}, ${data.itemCode}`;
  return {
    template: "inspection-discontinued",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.reason}.`,
        `Under ISO 2859-1 (clause 9.4), acceptance inspection of ${data.itemCode} ${data.itemDescription} from ${data.partnerName} is discontinued. No inspection can be booked until a quality user records the corrective action and restores inspection, which resumes on tightened inspection.`,
      ],
      action: { label: "Open the switching state", url: data.url },
    }),
  };
}

/** A partner's pre-shipment inspection waits for quality review. */
export function inspectionSubmittedEmail(data: InspectionMailData & { verdict: string }): RenderedEmail {
  const subject = `Pre-shipment inspection ${data.number} from ${data.partnerName} to review`;
  return {
    template: "inspection-submitted",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.partnerName} submitted its pre-shipment inspection of lot ${data.lotNumber || "(no lot number)"}: ${data.itemCode} ${data.itemDescription}, ${data.lotSize} units.`,
        `Its sampling verdict: ${data.verdict}. Review the findings and sign it off.`,
      ],
      action: { label: "Review the inspection", url: data.url },
    }),
  };
}
