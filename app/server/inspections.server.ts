// AQL inspections (ISO 2859-1): booking a lot, recording findings, the verdict and its sign-off,
// and feeding the signed-off result into the partner × item switching state.
// The sampling plans, switching rules and verdict are pure domain modules; this file does the I/O.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import {
  defectTypes,
  inspectionDefects,
  inspectionMeasurements,
  inspectionPhotos,
  inspections,
  itemAqlOverrides,
  items,
  partners,
  poLines,
  shipNoticeLines,
  shipNotices,
  switchingEvents,
  switchingStates,
  tenantSettings,
} from "../../drizzle/schema";
import { inspectionDiscontinuedEmail, inspectionSubmittedEmail, inspectionVerdictEmail } from "../../emails/inspection";
import { acceptanceOneStepTighter, isInspectionLevel, parseAql, samplingPlan, type Aql, type InspectionLevel, type Severity } from "../domain/aql";
import { applySwitchingEvent, INITIAL_SWITCHING_STATE, SwitchingRuleError, type SwitchingEvent, type SwitchingState, type Transition } from "../domain/aql-switching";
import { computeVerdict, DEFECT_CLASSES, defectsByClass, finalVerdict, measurementWithinSpec, type DefectClass, type Verdict } from "../domain/inspection";
import { checkPhoto, photoExtension } from "../domain/image-type";
import { Semaphore } from "../domain/semaphore";
import { pageOf, PAGE_SIZE } from "../domain/keyset";
import { can } from "../domain/permissions";
import { MAX_INSPECTION_LOT_LENGTH } from "../domain/inspection-forms";
import { lotProblem } from "../domain/limits";
import { requireTenantMember, type TenantContext } from "./auth.server";
import { actorOf } from "./accounts.server";
import { recordAudit } from "./audit.server";
import type { Tx } from "./db.server";
import { nextDocumentNumber } from "./numbers.server";
import { getEnv } from "./env.server";
import { sendTenantEmail } from "./mail.server";
import { ImageTooLargeError, makeThumbnails, UnreadableImageError, type Thumbnails } from "./images.server";
import { BusyError, checkNotStopped, processLimit, runLimited, TimeLimitError, type Limit } from "./limits.server";
import { renderInspectionReportPdf } from "./pdf.server";
import { deletePhoto, putPhoto, putThumbnail, readPhoto, readThumbnail, THUMBNAIL_VARIANTS, type ThumbnailVariant } from "./photo-store.server";
import { partnerRecipients, roleRecipients } from "./recipients.server";
import { notFound, readCursor } from "./http-errors.server";
import { itemNames, partnerNames } from "./names.server";
import { isUniqueViolation, StaleRecordError } from "./records.server";
import { withTenant } from "./tenant.server";

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTOS_PER_INSPECTION = 20;

export class InspectionError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 409 | 413 | 415 = 400,
  ) {
    super(message);
  }
}

export interface ClassPlan {
  aql: Aql;
  codeLetter: string;
  planCodeLetter: string;
  sampleSize: number;
  tableSampleSize: number;
  acceptance: number;
  rejection: number;
  inspectAll: boolean;
  /** Ac had the AQL been one step tighter (next lower AQL): the 1999 switching score (9.3.3) needs it */
  oneStepTighterAc: number | null;
}
export type Plans = Partial<Record<DefectClass, ClassPlan>>;

export interface QualityDefaults {
  level: InspectionLevel;
  critical: Aql;
  major: Aql;
  minor: Aql;
}

const FALLBACK: QualityDefaults = { level: "II", critical: "0.065", major: "2.5", minor: "4.0" };

function defaultsOf(row: { aqlLevel: string; aqlCritical: string; aqlMajor: string; aqlMinor: string } | undefined): QualityDefaults {
  if (!row) return FALLBACK;
  return {
    level: isInspectionLevel(row.aqlLevel) ? row.aqlLevel : FALLBACK.level,
    critical: parseAql(row.aqlCritical) ?? FALLBACK.critical,
    major: parseAql(row.aqlMajor) ?? FALLBACK.major,
    minor: parseAql(row.aqlMinor) ?? FALLBACK.minor,
  };
}

/** The tenant's defaults with the item's overrides applied, saying where each value came from. */
async function effectiveDefaults(tx: Tx, tenantId: string, itemId: string) {
  const [settings] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId));
  const [override] = await tx
    .select()
    .from(itemAqlOverrides)
    .where(and(eq(itemAqlOverrides.tenantId, tenantId), eq(itemAqlOverrides.itemId, itemId)));
  const base = defaultsOf(settings);
  const level = override?.aqlLevel && isInspectionLevel(override.aqlLevel) ? override.aqlLevel : base.level;
  return {
    level,
    critical: (override?.aqlCritical && parseAql(override.aqlCritical)) || base.critical,
    major: (override?.aqlMajor && parseAql(override.aqlMajor)) || base.major,
    minor: (override?.aqlMinor && parseAql(override.aqlMinor)) || base.minor,
    overridden: Boolean(override && (override.aqlLevel || override.aqlCritical || override.aqlMajor || override.aqlMinor)),
  };
}

/** One plan per defect class, for the lot, level, AQLs and severity. */
export function plansFor(lotSize: number, d: QualityDefaults, severity: Severity): Plans {
  const plans: Plans = {};
  for (const cls of DEFECT_CLASSES) {
    const p = samplingPlan({ lotSize, level: d.level, aql: d[cls], severity });
    plans[cls] = {
      aql: p.aql,
      codeLetter: p.codeLetter,
      planCodeLetter: p.planCodeLetter,
      sampleSize: p.sampleSize,
      tableSampleSize: p.tableSampleSize,
      acceptance: p.acceptance,
      rejection: p.rejection,
      inspectAll: p.inspectAll,
      // the switching score is defined on normal inspection only
      oneStepTighterAc: severity === "normal" ? acceptanceOneStepTighter(p) : null,
    };
  }
  return plans;
}

function unitsToInspect(plans: Plans): number {
  return Math.max(0, ...Object.values(plans).map((p) => p!.sampleSize));
}

async function switchingRow(tx: Tx, tenantId: string, partnerId: string, itemId: string, lock = false) {
  const q = tx
    .select()
    .from(switchingStates)
    .where(and(eq(switchingStates.tenantId, tenantId), eq(switchingStates.partnerId, partnerId), eq(switchingStates.itemId, itemId)));
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

// ---------- booking ----------

/** Quality staff, or a (non-carrier) partner's user booking its own pre-shipment inspection; anyone else gets the 404. */
export async function requireInspectionBooker(request: Request, slug: string | undefined): Promise<TenantContext> {
  const ctx = await requireTenantMember(request, slug);
  if (can(ctx.role, "manage:inspection:any")) return ctx;
  if (ctx.isPartner && ctx.partnerKind !== "carrier" && can(ctx.role, "submit:inspection:own")) return ctx;
  notFound();
}

export interface BookingInput {
  shipNoticeLineId: string | null;
  partnerId: string | null;
  itemId: string | null;
  lotSize: number | null;
  lotNumber: string;
  resubmission: boolean;
  notes: string;
}

/** What the booking form offers: recent ship-notice lines not yet inspected, partners and items. */
export async function bookingOptions(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const lines = await tx
      .select({
        id: shipNoticeLines.id,
        noticeNumber: shipNotices.number,
        partnerName: shipNotices.partnerName,
        poNumber: shipNoticeLines.poNumber,
        lineNo: shipNoticeLines.lineNo,
        itemCode: shipNoticeLines.itemCode,
        itemDescription: shipNoticeLines.itemDescription,
        quantity: shipNoticeLines.quantity,
        uom: shipNoticeLines.uom,
      })
      .from(shipNoticeLines)
      .innerJoin(shipNotices, and(eq(shipNotices.tenantId, shipNoticeLines.tenantId), eq(shipNotices.id, shipNoticeLines.shipNoticeId)))
      .where(
        and(
          eq(shipNoticeLines.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(shipNoticeLines.partnerId, ctx.partnerId!) : undefined,
          // each side inspects a line once (a re-inspection is booked as a re-submitted lot)
          sql`not exists (select 1 from inspections i where i.tenant_id = "ship_notice_lines"."tenant_id" and i.ship_notice_line_id = "ship_notice_lines"."id"
                and i.resubmission = false and i.kind = ${ctx.isPartner ? "pre_shipment" : "receiving"})`,
        ),
      )
      .orderBy(desc(shipNotices.createdAt), asc(shipNoticeLines.poNumber), asc(shipNoticeLines.lineNo))
      .limit(200);
    const partnerRows = ctx.isPartner
      ? [{ id: ctx.partnerId!, name: ctx.partnerName ?? "" }]
      : await tx
          .select({ id: partners.id, name: partners.name })
          .from(partners)
          .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.active, true), sql`${partners.kind} <> 'carrier'`))
          .orderBy(asc(partners.name));
    const itemRows = await tx
      .select({ id: items.id, code: items.code, description: items.description })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)))
      .orderBy(asc(items.code))
      .limit(1000);
    return { lines, partners: partnerRows, items: itemRows };
  });
}

type LotInput = Pick<BookingInput, "shipNoticeLineId" | "partnerId" | "itemId" | "lotSize">;

/** The lot a booking names: from a ship-notice line (partner, item, shipped quantity) or as given. */
async function resolveLot(tx: Tx, ctx: TenantContext, input: LotInput) {
  if (input.shipNoticeLineId) {
    const [line] = await tx
      .select({ line: shipNoticeLines, itemId: poLines.itemId })
      .from(shipNoticeLines)
      .innerJoin(poLines, and(eq(poLines.tenantId, shipNoticeLines.tenantId), eq(poLines.id, shipNoticeLines.poLineId)))
      .where(
        and(
          eq(shipNoticeLines.tenantId, ctx.tenantId),
          eq(shipNoticeLines.id, input.shipNoticeLineId),
          ctx.isPartner ? eq(shipNoticeLines.partnerId, ctx.partnerId!) : undefined,
        ),
      );
    if (!line) throw new InspectionError("Choose one of the ship-notice lines listed.", "shipNoticeLineId");
    const qty = Number(line.line.quantity);
    if (!Number.isInteger(qty) || qty < 2)
      throw new InspectionError("The shipped quantity must be a whole number of at least 2 units to sample from.", "shipNoticeLineId");
    return { partnerId: line.line.partnerId, itemId: line.itemId, lotSize: qty, shipNoticeId: line.line.shipNoticeId };
  }
  if (!input.partnerId) throw new InspectionError("Choose the partner that made the lot.", "partnerId");
  if (!input.itemId) throw new InspectionError("Choose the item.", "itemId");
  if (!input.lotSize) throw new InspectionError("Enter the lot size.", "lotSize");
  if (ctx.isPartner && input.partnerId !== ctx.partnerId) throw new InspectionError("Choose the partner that made the lot.", "partnerId");
  const [partner] = await tx
    .select({ id: partners.id, kind: partners.kind })
    .from(partners)
    .where(and(eq(partners.tenantId, ctx.tenantId), eq(partners.id, input.partnerId)));
  if (!partner || partner.kind === "carrier") throw new InspectionError("Choose the partner that made the lot.", "partnerId");
  const [item] = await tx
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.tenantId, ctx.tenantId), eq(items.id, input.itemId)));
  if (!item) throw new InspectionError("Choose the item.", "itemId");
  return { partnerId: partner.id, itemId: item.id, lotSize: input.lotSize, shipNoticeId: null as string | null };
}

/** Level, AQLs, severity and the plan per class for a lot; refused while inspection is discontinued. */
async function planLot(tx: Tx, ctx: TenantContext, input: LotInput) {
  const lot = await resolveLot(tx, ctx, input);
  const state = await switchingRow(tx, ctx.tenantId, lot.partnerId, lot.itemId);
  if (state?.discontinued)
    throw new InspectionError(
      "Inspection of this item from this partner is discontinued (5 lots not accepted on tightened inspection). A quality user must record the corrective action and restore inspection first.",
      input.shipNoticeLineId ? "shipNoticeLineId" : "itemId",
      409,
    );
  const severity = (state?.severity ?? "normal") as Severity;
  const defaults = await effectiveDefaults(tx, ctx.tenantId, lot.itemId);
  return { ...lot, severity, defaults, plans: plansFor(lot.lotSize, defaults, severity) };
}

/** What booking would fix, shown on the booking form before anything is saved. */
export async function previewInspectionPlan(ctx: TenantContext, input: LotInput) {
  return withTenant(ctx, async (tx) => {
    const p = await planLot(tx, ctx, input);
    return { lotSize: p.lotSize, level: p.defaults.level, overridden: p.defaults.overridden, severity: p.severity, plans: p.plans, unitsToInspect: unitsToInspect(p.plans) };
  });
}

export async function bookInspection(ctx: TenantContext, input: BookingInput) {
  const lot = lotProblem(input.lotNumber, MAX_INSPECTION_LOT_LENGTH);
  if (lot) throw new InspectionError(lot, "lotNumber");
  const now = new Date();
  const booked = await withTenant(ctx, async (tx) => {
    const { partnerId, itemId, lotSize, shipNoticeId, severity, defaults, plans } = await planLot(tx, ctx, input);
    const number = await nextDocumentNumber(tx, "inspection");
    const [existing] = input.shipNoticeLineId && !input.resubmission
      ? await tx
          .select({ number: inspections.number })
          .from(inspections)
          .where(
            and(
              eq(inspections.tenantId, ctx.tenantId),
              eq(inspections.shipNoticeLineId, input.shipNoticeLineId),
              eq(inspections.kind, ctx.isPartner ? "pre_shipment" : "receiving"),
              eq(inspections.resubmission, false),
            ),
          )
      : [];
    if (existing)
      throw new InspectionError(`This line was already inspected (${existing.number}). Book a re-inspection as a re-submitted lot.`, "shipNoticeLineId", 409);
    const [row] = await tx
      .insert(inspections)
      .values({
        tenantId: ctx.tenantId,
        number,
        kind: ctx.isPartner ? "pre_shipment" : "receiving",
        partnerId,
        itemId,
        shipNoticeId,
        shipNoticeLineId: input.shipNoticeLineId,
        lotNumber: input.lotNumber,
        lotSize,
        resubmission: input.resubmission,
        level: defaults.level,
        severity,
        plans,
        unitsInspected: unitsToInspect(plans),
        notes: input.notes,
        createdBy: ctx.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, actorOf(ctx), { action: "inspection.booked", entityType: "inspection", entityId: row.id, partnerId, after: row });
    return row;
  }).catch((e) => {
    // two people booking the same line at once: the second meets the unique index
    if (isUniqueViolation(e, "inspections_tenant_line_original_key"))
      throw new InspectionError("This line was just booked for inspection by someone else. Reload the page.", "shipNoticeLineId", 409);
    throw e;
  });
  return booked;
}

// ---------- reading ----------

export interface InspectionFilters {
  status?: string;
  partnerId?: string;
  verdict?: Verdict;
}

export async function listInspections(ctx: TenantContext, filters: InspectionFilters, after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["timestamp", "uuid"]);
  return withTenant(ctx, async (tx) => {
    // the page first, from inspections alone (an index walk in created_at order), then the names of
    // its partners and items: joined up front, the planner underestimates the RLS-filtered partners
    // and sorts every matching inspection before it can stop at one page
    const page = await tx
      .select({
        id: inspections.id,
        number: inspections.number,
        kind: inspections.kind,
        status: inspections.status,
        partnerId: inspections.partnerId,
        itemId: inspections.itemId,
        lotNumber: inspections.lotNumber,
        lotSize: inspections.lotSize,
        severity: inspections.severity,
        finalVerdict: inspections.finalVerdict,
        computedVerdict: inspections.computedVerdict,
        escalation: inspections.escalation,
        createdAt: inspections.createdAt,
      })
      .from(inspections)
      .where(
        and(
          eq(inspections.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(inspections.partnerId, ctx.partnerId!) : filters.partnerId ? eq(inspections.partnerId, filters.partnerId) : undefined,
          filters.status ? eq(inspections.status, filters.status as "booked") : undefined,
          filters.verdict ? eq(inspections.finalVerdict, filters.verdict) : undefined,
          cursor ? sql`(${inspections.createdAt}, ${inspections.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(inspections.createdAt), desc(inspections.id))
      .limit(limit + 1);
    const [partnerName, item] = await Promise.all([partnerNames(tx, ctx.tenantId, page.map((r) => r.partnerId)), itemNames(tx, ctx.tenantId, page.map((r) => r.itemId))]);
    const rows = page.map(({ partnerId, itemId, ...r }) => ({
      ...r,
      partnerName: partnerName.get(partnerId) ?? "",
      itemCode: item.get(itemId)?.code ?? "",
      itemDescription: item.get(itemId)?.description ?? "",
    }));
    return pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  });
}

/** Partners for the list filter (internal users only). */
export async function partnerFilterOptions(ctx: TenantContext) {
  if (ctx.isPartner) return [];
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(and(eq(partners.tenantId, ctx.tenantId), sql`${partners.kind} <> 'carrier'`))
      .orderBy(asc(partners.name)),
  );
}

export async function getInspection(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [found] = await tx
      .select({
        inspection: inspections,
        partnerName: partners.name,
        itemCode: items.code,
        itemDescription: items.description,
        itemUom: items.uom,
        shipNoticeNumber: shipNotices.number,
        poNumber: shipNoticeLines.poNumber,
        poLineNo: shipNoticeLines.lineNo,
      })
      .from(inspections)
      .innerJoin(partners, and(eq(partners.tenantId, inspections.tenantId), eq(partners.id, inspections.partnerId)))
      .innerJoin(items, and(eq(items.tenantId, inspections.tenantId), eq(items.id, inspections.itemId)))
      .leftJoin(shipNotices, and(eq(shipNotices.tenantId, inspections.tenantId), eq(shipNotices.id, inspections.shipNoticeId)))
      .leftJoin(shipNoticeLines, and(eq(shipNoticeLines.tenantId, inspections.tenantId), eq(shipNoticeLines.id, inspections.shipNoticeLineId)))
      .where(
        and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, id), ctx.isPartner ? eq(inspections.partnerId, ctx.partnerId!) : undefined),
      );
    if (!found) return null;
    const [defects, measurements, photos, catalogue, state] = await Promise.all([
      tx
        .select({ defectTypeId: inspectionDefects.defectTypeId, defectClass: inspectionDefects.defectClass, quantity: inspectionDefects.quantity })
        .from(inspectionDefects)
        .where(and(eq(inspectionDefects.tenantId, ctx.tenantId), eq(inspectionDefects.inspectionId, id))),
      tx
        .select()
        .from(inspectionMeasurements)
        .where(and(eq(inspectionMeasurements.tenantId, ctx.tenantId), eq(inspectionMeasurements.inspectionId, id)))
        .orderBy(asc(inspectionMeasurements.position)),
      tx
        .select({ id: inspectionPhotos.id, fileName: inspectionPhotos.fileName, caption: inspectionPhotos.caption, sizeBytes: inspectionPhotos.sizeBytes, createdAt: inspectionPhotos.createdAt })
        .from(inspectionPhotos)
        .where(and(eq(inspectionPhotos.tenantId, ctx.tenantId), eq(inspectionPhotos.inspectionId, id)))
        .orderBy(asc(inspectionPhotos.createdAt)),
      tx
        .select()
        .from(defectTypes)
        .where(eq(defectTypes.tenantId, ctx.tenantId))
        .orderBy(asc(defectTypes.defectClass), asc(defectTypes.code)),
      switchingRow(tx, ctx.tenantId, found.inspection.partnerId, found.inspection.itemId),
    ]);
    const used = new Set(defects.map((d) => d.defectTypeId));
    return {
      ...found,
      plans: found.inspection.plans as Plans,
      defects,
      measurements,
      photos,
      // retired defect types stay listed where this inspection used them
      catalogue: catalogue.filter((t) => t.active || used.has(t.id)),
      switching: state ? { id: state.id, severity: state.severity, discontinued: state.discontinued } : null,
    };
  });
}

export type InspectionDetail = NonNullable<Awaited<ReturnType<typeof getInspection>>>;

export function classFindings(plans: Plans, defects: { defectClass: DefectClass; quantity: number }[]) {
  const found = defectsByClass(defects);
  return DEFECT_CLASSES.filter((c) => plans[c]).map((c) => ({
    defectClass: c,
    acceptance: plans[c]!.acceptance,
    rejection: plans[c]!.rejection,
    defects: found[c],
  }));
}

// ---------- findings ----------

export interface MeasurementInput {
  characteristic: string;
  unit: string;
  minValue: string | null;
  maxValue: string | null;
  value: string;
}

export interface FindingsInput {
  defects: { defectTypeId: string; quantity: number }[];
  measurements: MeasurementInput[];
  notes: string;
}

async function lockInspection(tx: Tx, ctx: TenantContext, id: string, version: number) {
  const [row] = await tx
    .select()
    .from(inspections)
    .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, id), ctx.isPartner ? eq(inspections.partnerId, ctx.partnerId!) : undefined))
    .for("update");
  if (!row) throw new InspectionError("This inspection does not exist.", "form", 409);
  if (row.version !== version) throw new StaleRecordError("inspection");
  return row;
}

function canRecord(ctx: TenantContext, row: typeof inspections.$inferSelect): boolean {
  // a partner records only its own pre-shipment inspections; quality staff record any
  return ctx.isPartner ? row.kind === "pre_shipment" && row.partnerId === ctx.partnerId : true;
}

/** Save the findings; with `complete`, also decide the sampling verdict and close the recording. */
export async function recordFindings(ctx: TenantContext, id: string, version: number, input: FindingsInput, complete: boolean) {
  const now = new Date();
  const result = await withTenant(ctx, async (tx) => {
    const row = await lockInspection(tx, ctx, id, version);
    if (!canRecord(ctx, row)) throw new InspectionError("Only quality staff record findings on this inspection.", "form", 409);
    if (row.status !== "booked") throw new InspectionError("The findings were already completed; they can no longer be changed.", "form", 409);
    const catalogue = await tx.select().from(defectTypes).where(eq(defectTypes.tenantId, ctx.tenantId));
    const byId = new Map(catalogue.map((t) => [t.id, t]));
    const plans = row.plans as Plans;
    const defects = input.defects.filter((d) => d.quantity > 0);
    for (const d of defects) {
      const type = byId.get(d.defectTypeId);
      if (!type) throw new InspectionError("A defect type is not in the catalogue. Reload the page.", "form");
      if (!plans[type.defectClass]) throw new InspectionError(`No ${type.defectClass} defects are inspected on this lot.`, `defect.${d.defectTypeId}`);
    }
    await tx.delete(inspectionDefects).where(and(eq(inspectionDefects.tenantId, ctx.tenantId), eq(inspectionDefects.inspectionId, id)));
    if (defects.length)
      await tx.insert(inspectionDefects).values(
        defects.map((d) => ({
          tenantId: ctx.tenantId,
          inspectionId: id,
          partnerId: row.partnerId,
          defectTypeId: d.defectTypeId,
          defectClass: byId.get(d.defectTypeId)!.defectClass,
          quantity: d.quantity,
        })),
      );
    await tx.delete(inspectionMeasurements).where(and(eq(inspectionMeasurements.tenantId, ctx.tenantId), eq(inspectionMeasurements.inspectionId, id)));
    if (input.measurements.length)
      await tx.insert(inspectionMeasurements).values(
        input.measurements.map((m, i) => ({
          tenantId: ctx.tenantId,
          inspectionId: id,
          partnerId: row.partnerId,
          position: i + 1,
          characteristic: m.characteristic,
          unit: m.unit,
          minValue: m.minValue,
          maxValue: m.maxValue,
          value: m.value,
          withinSpec: measurementWithinSpec(Number(m.value), m.minValue === null ? null : Number(m.minValue), m.maxValue === null ? null : Number(m.maxValue)),
        })),
      );
    const withClass = defects.map((d) => ({ defectClass: byId.get(d.defectTypeId)!.defectClass, quantity: d.quantity }));
    const changes: Partial<typeof inspections.$inferInsert> = {
      notes: input.notes,
      defectsFound: defects.reduce((sum, d) => sum + d.quantity, 0),
      version: row.version + 1,
      updatedAt: now,
    };
    if (complete) {
      const { verdict } = computeVerdict(classFindings(plans, withClass));
      Object.assign(changes, {
        status: row.kind === "pre_shipment" ? "submitted" : "recorded",
        computedVerdict: verdict,
        finalVerdict: verdict,
        inspectorId: ctx.userId,
        inspectorName: ctx.userName || ctx.userEmail,
        inspectedAt: now,
      });
    }
    const [after] = await tx
      .update(inspections)
      .set(changes)
      .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: complete ? "inspection.completed" : "inspection.findings_saved",
      entityType: "inspection",
      entityId: id,
      partnerId: row.partnerId,
      before: { status: row.status },
      after: { status: after.status, computedVerdict: after.computedVerdict, defects: withClass, measurements: input.measurements.length },
    });
    return after;
  });
  if (complete && result.status === "submitted") await notifyQualityOfSubmission(ctx, result);
  return result;
}

/** The inspector disagrees with the sampling result: a different final verdict, with the reason kept. */
export async function overrideVerdict(ctx: TenantContext, id: string, version: number, override: { verdict: Verdict; reason: string }) {
  return withTenant(ctx, async (tx) => {
    const row = await lockInspection(tx, ctx, id, version);
    if (ctx.isPartner) throw new InspectionError("Only quality staff can override a verdict.", "form", 409);
    if (row.status !== "recorded" && row.status !== "submitted") throw new InspectionError("Only a completed inspection that is not yet signed off can be overridden.", "form", 409);
    const decided = finalVerdict(row.computedVerdict!, override);
    if (!decided.ok) throw new InspectionError(decided.error, "reason");
    const [after] = await tx
      .update(inspections)
      .set({
        finalVerdict: decided.final,
        overrideReason: decided.overridden ? override.reason.trim() : null,
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, id)))
      .returning();
    await recordAudit(tx, actorOf(ctx), {
      action: "inspection.verdict_overridden",
      entityType: "inspection",
      entityId: id,
      partnerId: row.partnerId,
      before: { finalVerdict: row.finalVerdict, overrideReason: row.overrideReason },
      after: { computedVerdict: row.computedVerdict, finalVerdict: after.finalVerdict, overrideReason: after.overrideReason },
    });
    return after;
  });
}

/** A quality user signs the verdict off: it is final, mailed, fed to the switching rules, and a rejection awaits escalation. */
export async function signOffInspection(ctx: TenantContext, id: string, version: number) {
  const now = new Date();
  return withTenant(ctx, async (tx) => {
    const row = await lockInspection(tx, ctx, id, version);
    if (ctx.isPartner) throw new InspectionError("Only quality staff sign off inspections.", "form", 409);
    if (row.status !== "recorded" && row.status !== "submitted") throw new InspectionError("Record and complete the findings before signing off.", "form", 409);
    const verdict = row.finalVerdict ?? row.computedVerdict!;
    const [after] = await tx
      .update(inspections)
      .set({
        status: "signed_off",
        finalVerdict: verdict,
        signedOffBy: ctx.userId,
        signedOffName: ctx.userName || ctx.userEmail,
        signedOffAt: now,
        escalation: verdict === "rejected" ? "pending" : null,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, id)))
      .returning();
    const defects = await tx
      .select({ defectClass: inspectionDefects.defectClass, quantity: inspectionDefects.quantity })
      .from(inspectionDefects)
      .where(and(eq(inspectionDefects.tenantId, ctx.tenantId), eq(inspectionDefects.inspectionId, id)));
    const plans = row.plans as Plans;
    // only original receiving inspections drive the switching rules (ISO 2859-1 clause 9.3)
    let transition: Transition = null;
    let stateId: string | null = null;
    if (row.kind === "receiving" && !row.resubmission) {
      const found = defectsByClass(defects);
      const fed = await feedSwitching(tx, ctx, row.partnerId, row.itemId, {
        kind: "lot",
        lot: {
          accepted: verdict === "accepted",
          classes: DEFECT_CLASSES.filter((c) => plans[c]).map((c) => ({
            acceptance: plans[c]!.acceptance,
            defects: found[c],
            acceptanceOneStepTighter: plans[c]!.oneStepTighterAc,
          })),
        },
      }, id, undefined, "", row.severity as Severity);
      transition = fed.transition;
      stateId = fed.stateId;
    }
    await recordAudit(tx, actorOf(ctx), {
      action: "inspection.signed_off",
      entityType: "inspection",
      entityId: id,
      partnerId: row.partnerId,
      before: { status: row.status },
      after: { status: "signed_off", finalVerdict: verdict, computedVerdict: row.computedVerdict, escalation: after.escalation, switching: transition },
    });
    await mailVerdict(tx, ctx, after, defects, transition, stateId);
    return { inspection: after, transition };
  });
}

// ---------- switching state ----------

async function feedSwitching(
  tx: Tx,
  ctx: TenantContext,
  partnerId: string,
  itemId: string,
  event: SwitchingEvent,
  inspectionId: string | null,
  opts?: { productionSteady?: boolean },
  reasonNote = "",
  inspectedUnder: Severity | null = null,
) {
  let row = await switchingRow(tx, ctx.tenantId, partnerId, itemId, true);
  if (!row) {
    [row] = await tx
      .insert(switchingStates)
      .values({ tenantId: ctx.tenantId, partnerId, itemId, severity: "normal", state: INITIAL_SWITCHING_STATE })
      .onConflictDoNothing()
      .returning();
    row ??= (await switchingRow(tx, ctx.tenantId, partnerId, itemId, true))!;
  }
  const before = row.state as SwitchingState;
  // a lot signed off after inspection was discontinued is kept, but the rules are stopped (clause 9.4)
  if (event.kind === "lot" && before.discontinued) return { transition: null, stateId: row.id, state: before };
  // a lot counts toward the rules of the severity it was inspected under: one booked before a switch
  // and signed off after it is recorded in the history but moves nothing
  if (event.kind === "lot" && inspectedUnder && inspectedUnder !== before.severity) {
    await tx.insert(switchingEvents).values({
      tenantId: ctx.tenantId,
      switchingStateId: row.id,
      partnerId,
      event: "lot_not_counted",
      inspectionId,
      fromSeverity: before.severity,
      toSeverity: before.severity,
      switchingScore: before.switchingScore,
      reason: `Inspected under ${inspectedUnder} inspection; the item is now on ${before.severity}`,
      actorUserId: ctx.userId,
      actorName: ctx.userName || ctx.userEmail,
    });
    return { transition: null, stateId: row.id, state: before };
  }
  const { state, transition } = applySwitchingEvent(before, event, opts);
  await tx
    .update(switchingStates)
    .set({ severity: state.severity, discontinued: state.discontinued, state, version: row.version + 1, updatedAt: new Date() })
    .where(and(eq(switchingStates.tenantId, ctx.tenantId), eq(switchingStates.id, row.id)));
  await tx.insert(switchingEvents).values({
    tenantId: ctx.tenantId,
    switchingStateId: row.id,
    partnerId,
    event: event.kind === "lot" ? (event.lot.accepted ? "lot_accepted" : "lot_not_accepted") : event.kind,
    inspectionId,
    fromSeverity: before.discontinued ? "discontinued" : before.severity,
    toSeverity: state.discontinued ? "discontinued" : state.severity,
    switchingScore: state.switchingScore,
    reason: [transition?.reason, reasonNote].filter(Boolean).join(". "),
    actorUserId: ctx.userId,
    actorName: ctx.userName || ctx.userEmail,
  });
  return { transition, stateId: row.id, state };
}

export type SwitchingAction =
  | { kind: "approve_reduced"; productionSteady: boolean; note: string }
  | { kind: "revert_to_normal"; note: string }
  | { kind: "restore_after_corrective_action"; note: string };

/** Quality decisions on a switching state: approve reduced inspection, revert to normal, or restore after corrective action. */
export async function changeSwitchingState(ctx: TenantContext, stateId: string, version: number, action: SwitchingAction) {
  if (ctx.isPartner) throw new InspectionError("Only quality staff change inspection severity.", "form", 409);
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .select()
      .from(switchingStates)
      .where(and(eq(switchingStates.tenantId, ctx.tenantId), eq(switchingStates.id, stateId)))
      .for("update");
    if (!row) throw new InspectionError("This switching state does not exist.", "form", 409);
    if (row.version !== version) throw new StaleRecordError("inspection severity");
    const state = row.state as SwitchingState;
    if (action.kind === "approve_reduced" && !(state.severity === "normal" && !state.discontinued && state.switchingScore >= 30))
      throw new InspectionError(`Reduced inspection needs a switching score of at least 30 on normal inspection; it is ${state.switchingScore}.`, "form", 409);
    if (action.kind === "approve_reduced" && !action.productionSteady)
      throw new InspectionError("Confirm that production is at a steady rate before switching to reduced inspection.", "productionSteady");
    if (action.kind === "revert_to_normal" && (state.severity !== "reduced" || state.discontinued))
      throw new InspectionError("Only reduced inspection can be reverted to normal.", "form", 409);
    if (action.kind === "restore_after_corrective_action") {
      if (!state.discontinued) throw new InspectionError("Inspection is not discontinued.", "form", 409);
      if (action.note.trim().length < 10) throw new InspectionError("Describe the corrective action the partner took (at least 10 characters).", "note");
    }
    const event: SwitchingEvent = { kind: action.kind } as SwitchingEvent;
    let fed: Awaited<ReturnType<typeof feedSwitching>>;
    try {
      fed = await feedSwitching(tx, ctx, row.partnerId, row.itemId, event, null, action.kind === "approve_reduced" ? { productionSteady: action.productionSteady } : undefined, action.note.trim());
    } catch (e) {
      if (e instanceof SwitchingRuleError) throw new InspectionError(e.message, "form", 409);
      throw e;
    }
    await recordAudit(tx, actorOf(ctx), {
      action: `switching.${action.kind}`,
      entityType: "switching_state",
      entityId: row.id,
      partnerId: row.partnerId,
      before: { severity: row.severity, discontinued: row.discontinued },
      after: { severity: fed.state.severity, discontinued: fed.state.discontinued, note: action.note.trim() },
    });
    return fed;
  });
}

export async function listSwitchingStates(ctx: TenantContext, filter: "attention" | "all", after: string | null, limit = PAGE_SIZE) {
  const cursor = readCursor(after, ["timestamp", "uuid"]);
  return withTenant(ctx, async (tx) => {
    // the page from switching_states alone (its updated_at index), then its partners and items named
    const rows = await tx
      .select({
        id: switchingStates.id,
        partnerId: switchingStates.partnerId,
        itemId: switchingStates.itemId,
        severity: switchingStates.severity,
        discontinued: switchingStates.discontinued,
        state: switchingStates.state,
        updatedAt: switchingStates.updatedAt,
      })
      .from(switchingStates)
      .where(
        and(
          eq(switchingStates.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(switchingStates.partnerId, ctx.partnerId!) : undefined,
          filter === "attention" ? sql`(${switchingStates.severity} <> 'normal' or ${switchingStates.discontinued})` : undefined,
          cursor ? sql`(${switchingStates.updatedAt}, ${switchingStates.id}) < (${String(cursor[0])}::timestamptz, ${String(cursor[1])}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(switchingStates.updatedAt), desc(switchingStates.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => [r.updatedAt.toISOString(), r.id]);
    const [partnersById, itemsById] = await Promise.all([
      partnerNames(tx, ctx.tenantId, page.items.map((r) => r.partnerId)),
      itemNames(tx, ctx.tenantId, page.items.map((r) => r.itemId)),
    ]);
    return {
      ...page,
      items: page.items.map(({ state, partnerId, itemId, ...r }) => ({
        ...r,
        partnerName: partnersById.get(partnerId) ?? "",
        itemCode: itemsById.get(itemId)?.code ?? "",
        itemDescription: itemsById.get(itemId)?.description ?? "",
        switchingScore: (state as SwitchingState).switchingScore,
      })),
    };
  });
}

export async function getSwitchingState(ctx: TenantContext, id: string) {
  return withTenant(ctx, async (tx) => {
    const [found] = await tx
      .select({ row: switchingStates, partnerName: partners.name, itemCode: items.code, itemDescription: items.description })
      .from(switchingStates)
      .innerJoin(partners, and(eq(partners.tenantId, switchingStates.tenantId), eq(partners.id, switchingStates.partnerId)))
      .innerJoin(items, and(eq(items.tenantId, switchingStates.tenantId), eq(items.id, switchingStates.itemId)))
      .where(
        and(eq(switchingStates.tenantId, ctx.tenantId), eq(switchingStates.id, id), ctx.isPartner ? eq(switchingStates.partnerId, ctx.partnerId!) : undefined),
      );
    if (!found) return null;
    const history = await tx
      .select({
        id: switchingEvents.id,
        event: switchingEvents.event,
        inspectionId: switchingEvents.inspectionId,
        inspectionNumber: inspections.number,
        fromSeverity: switchingEvents.fromSeverity,
        toSeverity: switchingEvents.toSeverity,
        switchingScore: switchingEvents.switchingScore,
        reason: switchingEvents.reason,
        actorName: switchingEvents.actorName,
        at: switchingEvents.at,
      })
      .from(switchingEvents)
      .leftJoin(inspections, and(eq(inspections.tenantId, switchingEvents.tenantId), eq(inspections.id, switchingEvents.inspectionId)))
      .where(and(eq(switchingEvents.tenantId, ctx.tenantId), eq(switchingEvents.switchingStateId, id)))
      .orderBy(desc(switchingEvents.at), desc(switchingEvents.id))
      .limit(200);
    return { ...found, state: found.row.state as SwitchingState, history };
  });
}

// ---------- photos ----------

const TOO_MANY_PIXELS = "The picture's dimensions are too large. Resize it to at most 12,000 pixels a side and 24 megapixels for a PNG, or 40 megapixels for a JPEG.";

export async function addPhoto(ctx: TenantContext, inspectionId: string, file: { bytes: Uint8Array; fileName: string; caption: string }) {
  if (file.bytes.length === 0) throw new InspectionError("Choose a photo to upload.", "photo");
  if (file.bytes.length > MAX_PHOTO_BYTES) throw new InspectionError(`The photo is too large: the limit is ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`, "photo", 413);
  const checked = checkPhoto(file.bytes);
  if (!checked.ok && checked.reason === "too_many_pixels") throw new InspectionError(TOO_MANY_PIXELS, "photo", 413);
  if (!checked.ok) throw new InspectionError("Only JPEG or PNG photos can be attached; this file is neither.", "photo", 415);
  const type = checked.type;
  // decoded here, once, into the thumbnails the page and the report use (bounded: see images.server)
  let thumbnails: Thumbnails;
  try {
    thumbnails = await makeThumbnails(file.bytes);
  } catch (e) {
    if (e instanceof ImageTooLargeError) throw new InspectionError(TOO_MANY_PIXELS, "photo", 413);
    if (e instanceof UnreadableImageError) throw new InspectionError("This picture could not be read: the file is damaged or not really a JPEG or PNG.", "photo", 400);
    throw e;
  }
  // the bytes go to the store first; if the record is refused they are removed again
  const key = await putPhoto(ctx.tenantId, file.bytes, photoExtension(type));
  try {
    for (const variant of THUMBNAIL_VARIANTS) await putThumbnail(key, variant, thumbnails[variant]);
    return await withTenant(ctx, async (tx) => {
      const [row] = await tx
        .select()
        .from(inspections)
        .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.id, inspectionId), ctx.isPartner ? eq(inspections.partnerId, ctx.partnerId!) : undefined))
        .for("update");
      if (!row) throw new InspectionError("This inspection does not exist.", "photo", 409);
      if (!canRecord(ctx, row) || row.status === "signed_off" || (ctx.isPartner && row.status !== "booked"))
        throw new InspectionError("Photos can no longer be added to this inspection.", "photo", 409);
      const [{ count }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(inspectionPhotos)
        .where(and(eq(inspectionPhotos.tenantId, ctx.tenantId), eq(inspectionPhotos.inspectionId, inspectionId)));
      if (count >= MAX_PHOTOS_PER_INSPECTION) throw new InspectionError(`At most ${MAX_PHOTOS_PER_INSPECTION} photos per inspection.`, "photo", 409);
      const [photo] = await tx
        .insert(inspectionPhotos)
        .values({
          tenantId: ctx.tenantId,
          inspectionId,
          partnerId: row.partnerId,
          contentType: type,
          sizeBytes: file.bytes.length,
          storageKey: key,
          fileName: file.fileName.replace(/[^\w .()-]/g, "_").slice(0, 120) || `photo.${photoExtension(type)}`,
          caption: file.caption.slice(0, 200),
          uploadedBy: ctx.userId,
        })
        .returning();
      await recordAudit(tx, actorOf(ctx), {
        action: "inspection.photo_added",
        entityType: "inspection",
        entityId: inspectionId,
        partnerId: row.partnerId,
        after: { photoId: photo.id, fileName: photo.fileName, sizeBytes: photo.sizeBytes, contentType: type },
      });
      return photo;
    });
  } catch (e) {
    await deletePhoto(key);
    throw e;
  }
}

/**
 * A stored photo's thumbnail. Photos stored before thumbnails existed get theirs made now, once,
 * under the same bounds as an upload. Null when the original is missing or cannot be decoded.
 */
async function thumbnailOf(storageKey: string, variant: ThumbnailVariant, signal?: AbortSignal): Promise<Buffer | null> {
  const stored = await readThumbnail(storageKey, variant);
  if (stored) return stored;
  const original = await readPhoto(storageKey).catch(() => null);
  if (!original) return null;
  let made: Thumbnails;
  try {
    made = await makeThumbnails(original, signal);
  } catch (e) {
    if (e instanceof ImageTooLargeError || e instanceof UnreadableImageError) return null;
    throw e;
  }
  for (const v of THUMBNAIL_VARIANTS) await putThumbnail(storageKey, v, made[v]);
  return made[variant];
}

/**
 * A photo's bytes (the original, or the page's thumbnail as JPEG), only through its inspection in
 * the member's tenant (and partner): anything else is null.
 */
export async function getPhoto(ctx: TenantContext, inspectionId: string, photoId: string, size: "original" | "page" = "original") {
  const row = await withTenant(ctx, async (tx) => {
    const [photo] = await tx
      .select()
      .from(inspectionPhotos)
      .where(
        and(
          eq(inspectionPhotos.tenantId, ctx.tenantId),
          eq(inspectionPhotos.inspectionId, inspectionId),
          eq(inspectionPhotos.id, photoId),
          ctx.isPartner ? eq(inspectionPhotos.partnerId, ctx.partnerId!) : undefined,
        ),
      );
    return photo;
  });
  if (!row) return null;
  if (size === "page") {
    const bytes = await thumbnailOf(row.storageKey, "page");
    return bytes ? { ...row, contentType: "image/jpeg" as const, bytes } : null;
  }
  const bytes = await readPhoto(row.storageKey).catch(() => null);
  return bytes ? { ...row, bytes } : null;
}

/** The report's photos: captions and report-sized thumbnails only, never an original. */
export async function photosForReport(ctx: TenantContext, inspectionId: string, signal?: AbortSignal) {
  const rows = await withTenant(ctx, (tx) =>
    tx
      .select()
      .from(inspectionPhotos)
      .where(and(eq(inspectionPhotos.tenantId, ctx.tenantId), eq(inspectionPhotos.inspectionId, inspectionId), ctx.isPartner ? eq(inspectionPhotos.partnerId, ctx.partnerId!) : undefined))
      .orderBy(asc(inspectionPhotos.createdAt))
      .limit(MAX_PHOTOS_PER_INSPECTION),
  );
  const photos: { caption: string; bytes: Buffer | null }[] = [];
  for (const r of rows) {
    checkNotStopped(signal);
    const bytes = await thumbnailOf(r.storageKey, "report", signal).catch((e) => {
      // busy or out of time: the whole report says so, rather than leaving photos out
      if (e instanceof BusyError || e instanceof TimeLimitError) throw e;
      return null;
    });
    photos.push({ caption: r.caption || r.fileName, bytes });
  }
  return photos;
}

/** At most two reports drawn at once per process, four more waiting up to 5 s, each given 20 s. */
export function inspectionReportLimit(): Limit {
  return processLimit("inspection-report", () => ({
    semaphore: new Semaphore(2, 4),
    waitMs: 5_000,
    timeLimitMs: 20_000,
    busyMessage: "The server is busy producing other reports. Try again in a moment.",
    timeoutMessage: "The report took too long to produce. Try again in a moment.",
    retryAfterSeconds: 5,
  }));
}

/** The inspection's report as a PDF, or null when the member may not see it. Throws BusyError / TimeLimitError. */
export async function inspectionReportPdf(ctx: TenantContext, inspectionId: string) {
  const found = await getInspection(ctx, inspectionId);
  if (!found) return null;
  const pdf = await runLimited(inspectionReportLimit(), async (signal) => {
    const photos = await photosForReport(ctx, inspectionId, signal);
    checkNotStopped(signal);
    return renderInspectionReportPdf({ ...found, tenantName: ctx.tenantName, photos });
  });
  return { number: found.inspection.number, pdf };
}

// ---------- mail ----------

async function qualityRecipients(tx: Tx, tenantId: string) {
  return (await roleRecipients(tx, tenantId, ["quality"])).map((r) => r.email);
}

async function mailFacts(tx: Tx, tenantId: string, row: typeof inspections.$inferSelect) {
  const [facts] = await tx
    .select({ partnerName: partners.name, itemCode: items.code, itemDescription: items.description })
    .from(inspections)
    .innerJoin(partners, and(eq(partners.tenantId, inspections.tenantId), eq(partners.id, inspections.partnerId)))
    .innerJoin(items, and(eq(items.tenantId, inspections.tenantId), eq(items.id, inspections.itemId)))
    .where(and(eq(inspections.tenantId, tenantId), eq(inspections.id, row.id)));
  return facts;
}

async function mailVerdict(
  tx: Tx,
  ctx: TenantContext,
  row: typeof inspections.$inferSelect,
  defects: { defectClass: DefectClass; quantity: number }[],
  transition: Transition,
  stateId: string | null,
) {
  const facts = await mailFacts(tx, ctx.tenantId, row);
  const { failedClasses } = computeVerdict(classFindings(row.plans as Plans, defects));
  const base = getEnv().APP_URL + "/" + ctx.tenantSlug;
  const to = [...new Set([...(await partnerRecipients(tx, ctx.tenantId, row.partnerId)), ...(await qualityRecipients(tx, ctx.tenantId))])];
  const email = inspectionVerdictEmail({
    tenantName: ctx.tenantName,
    number: row.number,
    partnerName: facts.partnerName,
    itemCode: facts.itemCode,
    itemDescription: facts.itemDescription,
    lotNumber: row.lotNumber,
    lotSize: row.lotSize,
    url: `${base}/inspections/${row.id}`,
    verdict: row.finalVerdict!,
    overridden: row.finalVerdict !== row.computedVerdict,
    failedClasses,
    severity: row.severity,
    switching: transition ? `${transition.from} → ${transition.to} (${transition.reason})` : null,
  });
  for (const address of to) await sendTenantEmail(tx, ctx.tenantId, address, email);
  if (transition?.to === "discontinued" && stateId) {
    const stop = inspectionDiscontinuedEmail({
      tenantName: ctx.tenantName,
      partnerName: facts.partnerName,
      itemCode: facts.itemCode,
      itemDescription: facts.itemDescription,
      url: `${base}/switching/${stateId}`,
      reason: transition.reason,
    });
    for (const address of await qualityRecipients(tx, ctx.tenantId)) await sendTenantEmail(tx, ctx.tenantId, address, stop);
  }
}

/**
 * After a partner submits its pre-shipment inspection, tell the tenant's quality staff. Their
 * memberships are hidden from the partner by RLS, so this system step reads them tenant-wide,
 * after the partner's own transaction has committed, and only to address the mail.
 */
async function notifyQualityOfSubmission(ctx: TenantContext, row: typeof inspections.$inferSelect) {
  await withTenant({ tenantId: ctx.tenantId, partnerId: null, userId: ctx.userId }, async (tx) => {
    const facts = await mailFacts(tx, ctx.tenantId, row);
    const email = inspectionSubmittedEmail({
      tenantName: ctx.tenantName,
      number: row.number,
      partnerName: facts.partnerName,
      itemCode: facts.itemCode,
      itemDescription: facts.itemDescription,
      lotNumber: row.lotNumber,
      lotSize: row.lotSize,
      url: `${getEnv().APP_URL}/${ctx.tenantSlug}/inspections/${row.id}`,
      verdict: row.computedVerdict ?? "",
    });
    for (const address of await qualityRecipients(tx, ctx.tenantId)) await sendTenantEmail(tx, ctx.tenantId, address, email);
  });
}

// ---------- quality settings ----------

export async function getQualitySettings(ctx: TenantContext) {
  return withTenant(ctx, async (tx) => {
    const [settings] = await tx.select().from(tenantSettings).where(eq(tenantSettings.tenantId, ctx.tenantId));
    const catalogue = await tx.select().from(defectTypes).where(eq(defectTypes.tenantId, ctx.tenantId)).orderBy(asc(defectTypes.defectClass), asc(defectTypes.code));
    const overrides = await tx
      .select({ override: itemAqlOverrides, itemCode: items.code, itemDescription: items.description })
      .from(itemAqlOverrides)
      .innerJoin(items, and(eq(items.tenantId, itemAqlOverrides.tenantId), eq(items.id, itemAqlOverrides.itemId)))
      .where(eq(itemAqlOverrides.tenantId, ctx.tenantId))
      .orderBy(asc(items.code))
      .limit(500);
    const itemRows = await tx
      .select({ id: items.id, code: items.code, description: items.description })
      .from(items)
      .where(and(eq(items.tenantId, ctx.tenantId), eq(items.active, true)))
      .orderBy(asc(items.code))
      .limit(1000);
    return { defaults: defaultsOf(settings), catalogue, overrides, items: itemRows };
  });
}

/** Compare-and-set on the four defaults, like the company settings. */
export async function updateQualityDefaults(ctx: TenantContext, shown: QualityDefaults, next: QualityDefaults) {
  return withTenant(ctx, async (tx) => {
    await tx.insert(tenantSettings).values({ tenantId: ctx.tenantId }).onConflictDoNothing();
    const [after] = await tx
      .update(tenantSettings)
      .set({ aqlLevel: next.level, aqlCritical: next.critical, aqlMajor: next.major, aqlMinor: next.minor })
      .where(
        and(
          eq(tenantSettings.tenantId, ctx.tenantId),
          eq(tenantSettings.aqlLevel, shown.level),
          eq(tenantSettings.aqlCritical, shown.critical),
          eq(tenantSettings.aqlMajor, shown.major),
          eq(tenantSettings.aqlMinor, shown.minor),
        ),
      )
      .returning();
    if (!after) throw new StaleRecordError("inspection defaults");
    await recordAudit(tx, actorOf(ctx), { action: "quality.defaults_updated", entityType: "tenant_settings", entityId: ctx.tenantId, before: shown, after: next });
    return after;
  });
}

export interface ItemOverrideInput {
  itemId: string;
  level: InspectionLevel | null;
  critical: Aql | null;
  major: Aql | null;
  minor: Aql | null;
}

export async function setItemOverride(ctx: TenantContext, input: ItemOverrideInput) {
  return withTenant(ctx, async (tx) => {
    const [item] = await tx.select({ id: items.id }).from(items).where(and(eq(items.tenantId, ctx.tenantId), eq(items.id, input.itemId)));
    if (!item) throw new InspectionError("Choose an item.", "itemId");
    const values = { aqlLevel: input.level, aqlCritical: input.critical, aqlMajor: input.major, aqlMinor: input.minor };
    const [before] = await tx
      .select()
      .from(itemAqlOverrides)
      .where(and(eq(itemAqlOverrides.tenantId, ctx.tenantId), eq(itemAqlOverrides.itemId, input.itemId)));
    if (!values.aqlLevel && !values.aqlCritical && !values.aqlMajor && !values.aqlMinor) {
      await tx.delete(itemAqlOverrides).where(and(eq(itemAqlOverrides.tenantId, ctx.tenantId), eq(itemAqlOverrides.itemId, input.itemId)));
    } else {
      await tx
        .insert(itemAqlOverrides)
        .values({ tenantId: ctx.tenantId, itemId: input.itemId, ...values })
        .onConflictDoUpdate({
          target: [itemAqlOverrides.tenantId, itemAqlOverrides.itemId],
          set: { ...values, version: sql`${itemAqlOverrides.version} + 1`, updatedAt: new Date() },
        });
    }
    await recordAudit(tx, actorOf(ctx), { action: "quality.item_override_set", entityType: "item", entityId: input.itemId, before: before ?? null, after: values });
  });
}

export async function addDefectType(ctx: TenantContext, input: { code: string; name: string; defectClass: DefectClass }) {
  return withTenant(ctx, async (tx) => {
    const [dup] = await tx
      .select({ id: defectTypes.id })
      .from(defectTypes)
      .where(and(eq(defectTypes.tenantId, ctx.tenantId), sql`lower(${defectTypes.code}) = lower(${input.code})`));
    if (dup) throw new InspectionError(`A defect type with code ${input.code} already exists.`, "code");
    const [row] = await tx.insert(defectTypes).values({ tenantId: ctx.tenantId, ...input }).returning();
    await recordAudit(tx, actorOf(ctx), { action: "quality.defect_type_added", entityType: "defect_type", entityId: row.id, after: row });
    return row;
  });
}

export async function setDefectTypeActive(ctx: TenantContext, id: string, active: boolean) {
  return withTenant(ctx, async (tx) => {
    const [row] = await tx
      .update(defectTypes)
      .set({ active })
      .where(and(eq(defectTypes.tenantId, ctx.tenantId), eq(defectTypes.id, id)))
      .returning();
    if (!row) throw new InspectionError("This defect type does not exist.", "form", 409);
    await recordAudit(tx, actorOf(ctx), { action: active ? "quality.defect_type_restored" : "quality.defect_type_retired", entityType: "defect_type", entityId: id, after: { active } });
    return row;
  });
}

// ---------- measures for scorecards ----------

export interface MeasureRow {
  partnerId: string;
  partnerName: string;
  period: string; // YYYY-MM
  firstInspections: number;
  acceptedFirst: number;
  unitsInspected: number;
  defects: number;
  lotAcceptanceRate: number | null;
  defectsPerMillion: number | null;
}

/**
 * Lot acceptance rate on first inspection (accepted original lots ÷ original lots) and defects per
 * million units inspected, per partner and calendar month of sign-off. Signed-off receiving
 * inspections only: a partner's own pre-shipment check is not the buyer's acceptance.
 */
export async function inspectionMeasures(ctx: TenantContext, range: { from: Date; to: Date }, partnerId?: string): Promise<MeasureRow[]> {
  return withTenant(ctx, async (tx) => {
    // aggregated on inspections alone (an index-only scan of a covering index), named afterwards
    const month = sql<Date>`date_trunc('month', ${inspections.signedOffAt} at time zone 'UTC')`;
    const rows = await tx
      .select({
        partnerId: inspections.partnerId,
        month: sql<string>`to_char(${month}, 'YYYY-MM')`,
        firstInspections: sql<number>`(count(*) filter (where not ${inspections.resubmission}))::int`,
        acceptedFirst: sql<number>`(count(*) filter (where not ${inspections.resubmission} and ${inspections.finalVerdict} = 'accepted'))::int`,
        unitsInspected: sql<number>`coalesce(sum(${inspections.unitsInspected}), 0)::int`,
        defects: sql<number>`coalesce(sum(${inspections.defectsFound}), 0)::int`,
      })
      .from(inspections)
      .where(
        and(
          eq(inspections.tenantId, ctx.tenantId),
          ctx.isPartner ? eq(inspections.partnerId, ctx.partnerId!) : partnerId ? eq(inspections.partnerId, partnerId) : undefined,
          eq(inspections.kind, "receiving"),
          eq(inspections.status, "signed_off"),
          sql`${inspections.signedOffAt} >= ${range.from.toISOString()}::timestamptz and ${inspections.signedOffAt} < ${range.to.toISOString()}::timestamptz`,
        ),
      )
      .groupBy(inspections.partnerId, month);
    const names = await partnerNames(tx, ctx.tenantId, rows.map((r) => r.partnerId));
    return rows
      .map(({ month: period, ...r }) => ({
        ...r,
        period,
        partnerName: names.get(r.partnerId) ?? "",
        lotAcceptanceRate: r.firstInspections ? r.acceptedFirst / r.firstInspections : null,
        defectsPerMillion: r.unitsInspected ? (r.defects / r.unitsInspected) * 1_000_000 : null,
      }))
      .sort((x, y) => x.partnerName.localeCompare(y.partnerName) || x.period.localeCompare(y.period));
  });
}

/** For the escalation work: rejected lots not yet escalated. */
export async function pendingEscalations(ctx: TenantContext) {
  return withTenant(ctx, (tx) =>
    tx
      .select({ id: inspections.id, number: inspections.number, partnerId: inspections.partnerId, signedOffAt: inspections.signedOffAt })
      .from(inspections)
      .where(and(eq(inspections.tenantId, ctx.tenantId), eq(inspections.escalation, "pending")))
      .orderBy(asc(inspections.signedOffAt))
      .limit(500),
  );
}

