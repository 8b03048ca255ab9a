import { layout, type RenderedEmail } from "./layout";

/** A count is due soon (or overdue) at the filler's facility. */
export function countReminderEmail(data: { tenantName: string; number: string; facilityName: string; dueOn: string; scope: string; lines: number; url: string; overdue: boolean }): RenderedEmail {
  const subject = data.overdue ? `Stock count ${data.number} at ${data.facilityName} is overdue` : `Stock count ${data.number} at ${data.facilityName} is due on ${data.dueOn}`;
  return {
    template: "count-reminder",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.tenantName} asks for a ${data.scope} of its stock at ${data.facilityName}: ${data.lines} item(s) on the list, due on ${data.dueOn}.`,
        "Count what is physically there; the book quantity is shown only after you submit. You can enter the count on a phone, line by line, or upload a CSV.",
      ],
      action: { label: "Open the count", url: data.url },
    }),
  };
}

/** Items at a filler with fewer days of cover than the tenant's threshold. */
export function coverAlertEmail(data: { tenantName: string; thresholdDays: number; rows: { facility: string; itemCode: string; lot: string; book: string; daysOfCover: number }[]; url: string }): RenderedEmail {
  const subject = `Out-of-stock risk: ${data.rows.length} item(s) under ${data.thresholdDays} days of cover`;
  return {
    template: "cover-alert",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `Days of cover from the book quantity and the average daily consumption of the last 28 days, at ${data.tenantName}'s fillers:`,
        ...data.rows.slice(0, 30).map((r) => `${r.itemCode}${r.lot ? ` lot ${r.lot}` : ""} at ${r.facility}: ${r.book} on the book, ${r.daysOfCover.toFixed(1)} days of cover.`),
        ...(data.rows.length > 30 ? [`…and ${data.rows.length - 30} more.`] : []),
      ],
      action: { label: "See stock at fillers", url: data.url },
    }),
  };
}
