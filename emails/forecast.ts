import { layout, type RenderedEmail } from "./layout";

export interface ForecastMailFacts {
  tenantName: string;
  partnerName: string;
  number: string;
  title: string;
  /** first and last ISO week */
  firstWeek: string;
  lastWeek: string;
  items: number;
  url: string;
}

const named = (d: ForecastMailFacts) => `${d.number}${d.title ? ` (${d.title})` : ""}`;

/** A planner published a forecast to the partner: its users are asked to commit. */
export function forecastPublishedEmail(data: ForecastMailFacts & { note: string; supersedes: string[] }): RenderedEmail {
  const subject = `${data.tenantName} forecast ${data.number}: please commit your quantities`;
  return {
    template: "forecast-published",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.tenantName} has published demand forecast ${named(data)} to ${data.partnerName}: ${data.items} item(s) per week from ${data.firstWeek} to ${data.lastWeek}.`,
        ...(data.supersedes.length ? [`It replaces ${data.supersedes.join(", ")}; commit against this one.`] : []),
        ...(data.note ? [`Note from the planner: ${data.note}`] : []),
        "Open it to see the quantities beside the capacity you declared, and enter the quantity you commit for each week (0 when none).",
      ],
      action: { label: "Open the forecast", url: data.url },
    }),
  };
}

/** The partner committed (or revised its commitment): the planner who published is told, with the shortfall. */
export function forecastRespondedEmail(
  data: ForecastMailFacts & { revised: boolean; forecast: string; committed: string; shortWeeks: number; responseNote: string; responderName: string },
): RenderedEmail {
  const subject = `${data.partnerName} ${data.revised ? "revised its commitment to" : "committed to"} forecast ${data.number}`;
  return {
    template: "forecast-responded",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.responderName} of ${data.partnerName} ${data.revised ? "revised the commitment to" : "answered"} forecast ${named(data)} (${data.firstWeek} to ${data.lastWeek}).`,
        `Forecast ${data.forecast}, committed ${data.committed} in total.`,
        data.shortWeeks
          ? `The commitment is below the forecast in ${data.shortWeeks} item-week(s).`
          : "The commitment covers the forecast in every week.",
        ...(data.responseNote ? [`Their note: ${data.responseNote}`] : []),
      ],
      action: { label: "Compare forecast, commitment and capacity", url: data.url },
    }),
  };
}

/** A planner recorded the partner's commitment for it (sent by phone or email): the partner's users see what was entered. */
export function forecastRecordedEmail(
  data: ForecastMailFacts & { revised: boolean; forecast: string; committed: string; shortWeeks: number; responseNote: string; responderName: string },
): RenderedEmail {
  const subject = `${data.tenantName} recorded your commitment to forecast ${data.number}`;
  return {
    template: "forecast-recorded",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.responderName} of ${data.tenantName} ${data.revised ? "revised" : "recorded"} the commitment of ${data.partnerName} to forecast ${named(data)} (${data.firstWeek} to ${data.lastWeek}) on your behalf.`,
        `Forecast ${data.forecast}, committed ${data.committed} in total${data.shortWeeks ? `, below the forecast in ${data.shortWeeks} item-week(s)` : ""}.`,
        ...(data.responseNote ? [`Note recorded with it: ${data.responseNote}`] : []),
        "If this is not what you agreed, open the forecast and revise the commitment yourself.",
      ],
      action: { label: "Check the commitment", url: data.url },
    }),
  };
}

