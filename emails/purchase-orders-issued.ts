import { layout, type RenderedEmail } from "./layout";

/** One mail per partner user for a batch of orders issued at once (a CSV import), not one per order. */
export function purchaseOrdersIssuedEmail(data: { tenantName: string; partnerName: string; numbers: string[]; inboxUrl: string }): RenderedEmail {
  const n = data.numbers.length;
  const subject = `${n} new purchase order${n === 1 ? "" : "s"} from ${data.tenantName} to acknowledge`;
  const shown = data.numbers.slice(0, 50);
  return {
    template: "po-issued-batch",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.tenantName} issued ${n} purchase order${n === 1 ? "" : "s"} to ${data.partnerName}: ${shown.join(", ")}${n > shown.length ? ` and ${n - shown.length} more` : ""}.`,
        "Please accept them, propose changes or reject them, line by line, from your inbox.",
      ],
      action: { label: "Open your inbox", url: data.inboxUrl },
    }),
  };
}
