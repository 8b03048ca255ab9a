import type { FieldMetadata } from "@conform-to/react";
import { ITEM_UOMS } from "../domain/forms";
import { Field, SelectField } from "./form";

type ItemFields = {
  code: FieldMetadata<any>;
  description: FieldMetadata<any>;
  uom: FieldMetadata<any>;
  abcClass: FieldMetadata<any>;
  leadTimeDays: FieldMetadata<any>;
  standardCost: FieldMetadata<any>;
};

export function ItemFormFields({ fields }: { fields: ItemFields }) {
  return (
    <>
      <Field label="Code" meta={fields.code} />
      <Field label="Description" meta={fields.description} />
      <div className="row">
        <SelectField label="Unit of measure" meta={fields.uom} options={ITEM_UOMS.map((u) => ({ value: u, label: u }))} placeholder="Choose…" />
        <SelectField
          label="ABC class"
          meta={fields.abcClass}
          options={["A", "B", "C"].map((c) => ({ value: c, label: c }))}
          placeholder="Choose…"
        />
      </div>
      <div className="row">
        <Field label="Standard lead time (days)" meta={fields.leadTimeDays} type="number" min={0} max={730} />
        <Field label="Standard cost (optional)" meta={fields.standardCost} inputMode="decimal" />
      </div>
    </>
  );
}
