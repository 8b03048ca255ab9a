export const PARTNER_KINDS = ["supplier", "3pd", "contract_filler", "carrier"] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<PartnerKind, string> = {
  supplier: "Supplier",
  "3pd": "3PD (production contractor)",
  contract_filler: "Contract filler",
  carrier: "Carrier",
};
export const PARTNER_KIND_OPTIONS = PARTNER_KINDS.map((k) => ({ value: k, label: PARTNER_KIND_LABELS[k] }));
