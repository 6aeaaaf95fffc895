import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, canSomewhere, scopeCondition } from '../../access/actor';
import { forbidden, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { requirePeriod, type Period } from '../../periods';
import { units } from '../units/units.tables';
import { activities } from '../activities/activities.tables';
import { contentItems } from '../content/content.tables';
import { indicatorRecords, reachIndicatorCodes } from '../indicators/indicators.engine';
import {
	insertReportEvent,
	insertReportIfMissing,
	selectForm,
	selectForms,
	selectIndicators,
	selectLiveLock,
	selectReportById,
	selectReportEvents,
	selectReports,
	selectUnitForReport,
	updateForm,
	type ReportWithUnit
} from './reports.repository';
import { canReadReport } from './reports.policy';
import { childStatusOf, figuresOf } from './reports.figures';
import { presentListItem, presentReport, type ReportView } from './reports.presenter';
import { ReportFormUpdateInput, ReportListQuery, ReportOpenInput } from './reports.schemas';

/** What the report use cases receive: the database, who acts, and (for tests and demo data) the clock. */
export interface ReportCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

export const nowOf = (ctx: { now?: () => Date }) => (ctx.now ?? (() => new Date()))();

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A report by id; NOT_FOUND also for an id that is not a uuid. Scope is the caller's check. */
export async function loadReport(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ReportWithUnit> {
	const row = isUuid(id) ? await selectReportById(db, id, opts) : undefined;
	if (!row) throw notFound('reports.notFound');
	return row;
}

/** A report the actor may read; FORBIDDEN outside their reach. */
export async function loadReadableReport(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<ReportWithUnit> {
	const row = await loadReport(db, id, opts);
	if (!canReadReport(actor, row.unit)) throw forbidden();
	return row;
}

/** `YYYY-MM-DD` plus days. */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The day a report of a period on a form is due: the period's last day plus the form's due days. */
export const dueOnOf = (period: Period, dueDays: number) => addDays(period.to, dueDays);

/**
 * "The report of unit U for period P on form F": the stored one, or a new draft (due on the period's
 * last day plus the form's due days). Anyone who reads the unit's reports may open it.
 */
export async function openReport(ctx: ReportCtx, input: ReportOpenInput): Promise<{ id: string; created: boolean }> {
	const parsed = ReportOpenInput.parse(input);
	const form = await selectForm(ctx.db, parsed.form);
	if (!form) throw notFound('reports.formNotFound', { value: parsed.form.slice(0, 60) });
	if (!form.active) throw invalid('reports.formInactive', { form: form.nameVi });
	const period = requirePeriod(parsed.period);
	if (period.type !== form.periodType) throw invalid('reports.periodType', { value: parsed.period.slice(0, 20), type: form.periodType }, [{ path: 'period', message: form.periodType }]);
	const unit = await selectUnitForReport(ctx.db, eq(units.code, parsed.unit));
	if (!unit) throw notFound('unit.notFound', { code: parsed.unit.slice(0, 60) });
	if (!canReadReport(ctx.actor, unit)) throw forbidden();
	if (unit.level !== form.level) throw invalid('reports.formLevel', { form: form.code, level: form.level, unit: unit.name }, [{ path: 'unit', message: form.level }]);
	return ctx.db.transaction(async (tx) => {
		const result = await insertReportIfMissing(tx, {
			formCode: form.code,
			unitId: unit.id,
			periodKey: period.key,
			dueOn: dueOnOf(period, form.dueDays),
			createdBy: ctx.actor.userId,
			createdAt: nowOf(ctx),
			updatedAt: nowOf(ctx)
		});
		if (result.created) {
			await insertReportEvent(tx, { reportId: result.id, action: 'created', actorId: ctx.actor.userId, at: nowOf(ctx) });
			await recordChange(tx, ctx.actor, {
				action: 'report.create',
				entityType: 'report',
				entityId: result.id,
				unitId: unit.id,
				after: { form: form.code, unit: unit.code, period: period.key, status: 'draft' }
			});
		}
		return result;
	});
}

/** The whole report as the actor may see it: figures (live or frozen), sections, children, lock, history. */
export async function reportView(db: Db, actor: Actor, row: ReportWithUnit): Promise<ReportView> {
	const [figures, catalogue, children, lock, history] = await Promise.all([
		figuresOf(db, row),
		selectIndicators(db),
		childStatusOf(db, row),
		selectLiveLock(db, row.report.id),
		selectReportEvents(db, row.report.id)
	]);
	return presentReport(actor, row, { figures, catalogue, children, lock: lock ?? null, history });
}

/** One report the actor may read. */
export async function getReport(ctx: ReportCtx, id: string): Promise<ReportView> {
	// One connection for PGlite: the reads run one after another inside this transaction.
	return ctx.db.transaction(async (tx) => reportView(tx, ctx.actor, await loadReadableReport(tx, ctx.actor, id)));
}

/** Reports the actor may read (reports.read on their unit), filtered by form, period, status, unit subtree. */
export async function findReports(ctx: ReportCtx, query: Partial<ReportListQuery>) {
	const q = ReportListQuery.parse(query);
	const periodKey = q.period ? requirePeriod(q.period).key : undefined;
	let unitPath: string | undefined;
	if (q.unit) {
		const unit = await selectUnitForReport(ctx.db, eq(units.code, q.unit));
		if (!unit) throw notFound('unit.notFound', { code: q.unit.slice(0, 60) });
		unitPath = unit.path;
	}
	const { items, hasMore } = await selectReports(ctx.db, ctx.actor, { formCode: q.form, periodKey, status: q.status, unitPath }, q.limit, q.offset);
	return { items: items.map(presentListItem), hasMore, limit: q.limit, offset: q.offset };
}

export interface FigureRecords {
	code: string;
	activities: { id: string; title: string; date: string; unitName: string; status: string }[];
	content: { id: string; title: string; kind: string }[];
	broadcastIds: string[];
	distributionIds: string[];
}

/**
 * The records behind one computed figure of a report: the activities (and content items, plays,
 * distributions) the engine counted for the report's unit and period. Reach figures need the
 * household counts permission as well.
 */
export async function getFigureRecords(ctx: ReportCtx, id: string, code: string): Promise<FigureRecords> {
	const row = await loadReadableReport(ctx.db, ctx.actor, id);
	if (!row.form.indicatorCodes.includes(code)) throw notFound('reports.figureNotFound', { value: code.slice(0, 60) });
	if (reachIndicatorCodes.includes(code) && !can(ctx.actor, 'households.counts', row.unit.path)) throw forbidden();
	const period = requirePeriod(row.report.periodKey);
	const records = await indicatorRecords(ctx.db, code, { unitPath: row.unit.path }, period);
	const acts = records.activityIds.length
		? await ctx.db
				.select({ id: activities.id, title: activities.title, date: activities.date, unitName: units.name, status: activities.status })
				.from(activities)
				.innerJoin(units, eq(units.id, activities.unitId))
				.where(inArray(activities.id, records.activityIds))
				.orderBy(activities.date, activities.id)
		: [];
	const content = records.contentIds.length
		? await ctx.db.select({ id: contentItems.id, title: contentItems.title, kind: contentItems.kind }).from(contentItems).where(inArray(contentItems.id, records.contentIds))
		: [];
	return { code, activities: acts, content, broadcastIds: records.broadcastIds, distributionIds: records.distributionIds };
}

/** Forms and the indicator catalogue, for the form page and the open-a-report form. */
export async function listReportForms(ctx: ReportCtx) {
	if (!canSomewhere(ctx.actor, 'reports.read') && !canSomewhere(ctx.actor, 'reports.configure')) throw forbidden();
	const [forms, catalogue] = await Promise.all([selectForms(ctx.db), selectIndicators(ctx.db)]);
	return { forms, catalogue, canConfigure: canSomewhere(ctx.actor, 'reports.configure') };
}

/** Units the actor may open reports of, at the levels of the active forms (for the open form's list). */
export async function reportableUnits(ctx: ReportCtx) {
	const levels = [...new Set((await selectForms(ctx.db, { activeOnly: true })).map((f) => f.level))];
	if (!levels.length) return [];
	return ctx.db
		.select({ code: units.code, name: units.name, level: units.level })
		.from(units)
		.where(and(scopeCondition(ctx.actor, 'reports.read', units.path), inArray(units.level, levels), isNull(units.validTo)))
		.orderBy(units.depth, units.code)
		.limit(500);
}

/**
 * Changes a form (reports.configure): names, due days, indicators, active. Reports already opened
 * keep their due day; new ones take the new one. Every indicator must be in the catalogue.
 */
export async function updateReportForm(ctx: ReportCtx, code: string, input: ReportFormUpdateInput) {
	if (!canSomewhere(ctx.actor, 'reports.configure')) throw forbidden();
	const parsed = ReportFormUpdateInput.parse(input);
	const codes = [...new Set(parsed.indicatorCodes)];
	return ctx.db.transaction(async (tx) => {
		const form = await selectForm(tx, code);
		if (!form) throw notFound('reports.formNotFound', { value: code.slice(0, 60) });
		const known = new Set((await selectIndicators(tx)).map((i) => i.code));
		const unknown = codes.filter((c) => !known.has(c));
		if (unknown.length) throw invalid('reports.forms.unknownIndicator', { codes: unknown.join(', ').slice(0, 200) }, unknown.map((c) => ({ path: 'indicatorCodes', message: c })));
		const after = { nameVi: parsed.nameVi, nameEn: parsed.nameEn, dueDays: parsed.dueDays, indicatorCodes: codes, active: parsed.active };
		await updateForm(tx, code, after);
		await recordChange(tx, ctx.actor, {
			action: 'report_form.update',
			entityType: 'report_form',
			entityId: code,
			before: { nameVi: form.nameVi, nameEn: form.nameEn, dueDays: form.dueDays, indicatorCodes: form.indicatorCodes, active: form.active },
			after
		});
		return { ...form, ...after };
	});
}

