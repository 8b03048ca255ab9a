import type { FieldMetadata } from "@conform-to/react";
import { getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";

type InputType = Parameters<typeof getInputProps>[1]["type"];

export function Field({
  label,
  meta,
  type = "text",
  hint,
  ...rest
}: {
  label: string;
  meta: FieldMetadata<any>;
  type?: InputType;
  hint?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...getInputProps(meta, { type, ariaAttributes: true })} {...rest} key={meta.key} />
      {hint ? <span className="muted">{hint}</span> : null}
      <FieldError meta={meta} />
    </div>
  );
}

export function SelectField({
  label,
  meta,
  options,
  placeholder,
}: {
  label: string;
  meta: FieldMetadata<any>;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...getSelectProps(meta, { ariaAttributes: true })} key={meta.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError meta={meta} />
    </div>
  );
}

export function TextareaField({ label, meta, hint }: { label: string; meta: FieldMetadata<any>; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...getTextareaProps(meta, { ariaAttributes: true })} key={meta.key} rows={3} />
      {hint ? <span className="muted">{hint}</span> : null}
      <FieldError meta={meta} />
    </div>
  );
}

export function FieldError({ meta }: { meta: FieldMetadata<any> }) {
  return (
    <div className="error" id={meta.errorId} role={meta.errors?.length ? "alert" : undefined}>
      {meta.errors?.join(" ")}
    </div>
  );
}

export function FormError({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.join(" ")}
    </div>
  );
}

/** The message for one field of a plain form (errors keyed by field name), beside the field. */
export function FieldMessage({ name, errors }: { name: string; errors?: Record<string, string | undefined> | null }) {
  return (
    <div className="error" id={`${name}-error`} role={errors?.[name] ? "alert" : undefined}>
      {errors?.[name]}
    </div>
  );
}

/** One select of a list's GET filter form; the empty value means "any". */
export function FilterSelect({
  name,
  label,
  value,
  options,
  anyLabel = "All",
}: {
  name: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  anyLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
