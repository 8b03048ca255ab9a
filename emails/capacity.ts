import { layout, type RenderedEmail } from "./layout";

/** The partner's declared capacity has not been confirmed within the company's age limit. */
export function staleCapacityEmail(data: { tenantName: string; partnerName: string; maxAgeDays: number; facilities: { name: string; lastConfirmedOn: string | null }[]; url: string }): RenderedEmail {
  const subject = `Please confirm your capacity for ${data.tenantName}`;
  return {
    template: "capacity-stale",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.tenantName} plans its orders on the capacity ${data.partnerName} declares. Capacity not confirmed for ${data.maxAgeDays} days is shown to its planners as stale:`,
        ...data.facilities.map((f) => `${f.name}: ${f.lastConfirmedOn ? `last confirmed on ${f.lastConfirmedOn}` : "never declared"}.`),
        "Check the coming weeks, change what is no longer true, and save: saving confirms the rest.",
      ],
      action: { label: "Open the capacity grid", url: data.url },
    }),
  };
}
