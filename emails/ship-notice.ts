import { layout, type RenderedEmail } from "./layout";

export function shipNoticeEmail(data: {
  tenantName: string;
  shipperName: string;
  number: string;
  readyDate: string;
  pickupWindow: string;
  address: string;
  packages: number;
  grossWeightKg: string;
  url: string;
}): RenderedEmail {
  const subject = `Pickup ${data.number} from ${data.shipperName} ready on ${data.readyDate}`;
  return {
    template: "ship-notice",
    subject,
    ...layout({
      title: subject,
      paragraphs: [
        `${data.shipperName} has goods ready for pickup for ${data.tenantName}.`,
        `Ready on ${data.readyDate}, window ${data.pickupWindow}. ${data.packages} package(s), ${data.grossWeightKg} kg gross.`,
        `Deliver to: ${data.address}.`,
      ],
      action: { label: "Open the ship notice", url: data.url },
    }),
  };
}
