import { z } from 'zod';
import type { Db } from '../../db/client';
import { can, type Actor } from '../../access/actor';
import { AppError, forbidden } from '../../errors';
import { parsePeriod, periodOf, previousPeriod, today, type Period, type PeriodType } from '../../periods';
import {
	selectForm,
	selectLevelRanks,
	selectReportStates,
	selectUnitByCode,
	selectUnitsUnder,
	type FormRow,
	type ReportStateRow,
	type UnitRow
} from './reports.completeness.repository';

/**
 * Completeness and timeliness of reports for the level above: for a unit, a form of a level
 * below it and a range of periods, which units below were expected to report, which did (on time
 * or late), which are missing (past due, nothing submitted) and which are not due yet.
 *
 * - Expected: units of the form's level under the unit that existed on the period's last day
 *   (valid_from not after it, valid_to not before it), so a unit merged in 2025 is not expected
 *   for periods ending after its valid_to; its successor is.
 * - Submitted: the report's status is submitted, approved or accepted (a returned report is back
 *   with its unit and counts as not submitted). On time when submitted on or before its due date
 *   (Việt Nam calendar date), late otherwise.
 * - Due date: the report's own `due_on`; for a unit with no report yet, the period's last day
 *   plus the form's due days.
 */

export type CompletenessState = 'on_time' | 'late' | 'missing' | 'pending';
export const completenessStates: CompletenessState[] = ['on_time', 'late', 'missing', 'pending'];
export const submittedStatuses = ['submitted', 'approved', 'accepted'];

/** At most this many periods in one view (five years of months). */
export const MAX_PERIODS = 60;

/** A calendar date plus days. */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}

/** The period of the same type just after. */
export function nextPeriod(p: Period): Period {
	return periodOf(p.type, addDays(p.to, 1));
}

/** Due date of a report of a form for a period. */
export const dueOnOf = (form: Pick<FormRow, 'dueDays'>, period: Period) => addDays(period.to, form.dueDays);

/** Whether a unit existed on the period's last day (so a report was expected of it). */
export const unitExpected = (unit: Pick<UnitRow, 'validFrom' | 'validTo'>, period: Period) =>
	(unit.validFrom === null || unit.validFrom <= period.to) && (unit.validTo === null || unit.validTo >= period.to);

/** The state of one expected report on a given day. */
export function stateOf(report: Pick<ReportStateRow, 'status' | 'submittedOn'> | undefined, dueOn: string, on: string): CompletenessState {
	if (report && submittedStatuses.includes(report.status)) return report.submittedOn !== null && report.submittedOn > dueOn ? 'late' : 'on_time';
	return on > dueOn ? 'missing' : 'pending';
}

/** The periods from one key to another, both of the given type; null when the range is not one. */
export function periodsBetween(type: PeriodType, fromKey: string, toKey: string, max = MAX_PERIODS): Period[] | null {
	const from = parsePeriod(fromKey);
	const to = parsePeriod(toKey);
	if (!from || !to || from.type !== type || to.type !== type || from.from > to.from) return null;
	const out: Period[] = [];
	for (let p = from; p.from <= to.from; p = nextPeriod(p)) {
		if (out.length === max) return null;
		out.push(p);
	}
	return out;
}

export const CompletenessQuery = z.object({
	unit: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9._-]+$/),
	form: z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9._-]+$/),
	/** First period key; defaults to three periods before `to`. */
	from: z.string().trim().max(10).regex(/^[0-9A-Za-z-]*$/).optional(),
	/** Last period key; defaults to the period holding today. */
	to: z.string().trim().max(10).regex(/^[0-9A-Za-z-]*$/).optional()
});
export type CompletenessQuery = z.infer<typeof CompletenessQuery>;

const Counts = z.object({
	expected: z.number().int(),
	submitted: z.number().int(),
	onTime: z.number().int(),
	late: z.number().int(),
	missing: z.number().int(),
	pending: z.number().int()
});

export const CompletenessEntry = z.object({
	unit: z.object({ code: z.string(), name: z.string() }),
	state: z.enum(['on_time', 'late', 'missing', 'pending']),
	reportId: z.string().nullable(),
	status: z.string().nullable(),
	dueOn: z.string(),
	submittedOn: z.string().nullable()
});
export type CompletenessEntry = z.infer<typeof CompletenessEntry>;

export const CompletenessView = z.object({
	unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
	form: z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), periodType: z.string(), level: z.string(), dueDays: z.number().int() }),
	asOf: z.string(),
	periods: z.array(
		Counts.extend({
			key: z.string(),
			from: z.string(),
			to: z.string(),
			dueOn: z.string(),
			/** Every expected unit and the state of its report, by unit code. */
			units: z.array(CompletenessEntry)
		})
	),
	total: Counts
});
export type CompletenessView = z.infer<typeof CompletenessView>;

const emptyCounts = () => ({ expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0, pending: 0 });
type Counts = ReturnType<typeof emptyCounts>;

function count(into: Counts, state: CompletenessState) {
	into.expected++;
	if (state === 'on_time') (into.submitted++, into.onTime++);
	else if (state === 'late') (into.submitted++, into.late++);
	else if (state === 'missing') into.missing++;
	else into.pending++;
}

/** The completeness table, computed from units, reports and the day (pure). */
export function tabulate(form: FormRow, periods: Period[], expectedUnits: UnitRow[], reports: ReportStateRow[], on: string): CompletenessView['periods'] {
	const byKey = new Map(reports.map((r) => [`${r.unitId}|${r.periodKey}`, r]));
	return periods.map((p) => {
		const formDue = dueOnOf(form, p);
		const counts = emptyCounts();
		const list: CompletenessEntry[] = [];
		for (const u of expectedUnits) {
			if (!unitExpected(u, p)) continue;
			const report = byKey.get(`${u.id}|${p.key}`);
			const dueOn = report?.dueOn ?? formDue;
			const state = stateOf(report, dueOn, on);
			count(counts, state);
			list.push({ unit: { code: u.code, name: u.name }, state, reportId: report?.id ?? null, status: report?.status ?? null, dueOn, submittedOn: report?.submittedOn ?? null });
		}
		return { key: p.key, from: p.from, to: p.to, dueOn: formDue, ...counts, units: list };
	});
}

/** The unit a completeness view is about, refusing bad codes (404) and units out of reach (403). */
export async function completenessUnit(db: Db, actor: Actor, code: string): Promise<UnitRow> {
	const unit = /^[A-Za-z0-9._-]{1,40}$/.test(code) ? await selectUnitByCode(db, code) : undefined;
	if (!unit) throw new AppError('NOT_FOUND', 'unit.notFound', { code: code.slice(0, 40) });
	if (!can(actor, 'reports.read', unit.path)) throw forbidden();
	return unit;
}

/**
 * Completeness of a form's reports from the units under `unit` for a range of periods, as the
 * actor may see it (reports.read on the unit). 400 for a bad form, a form not of a level below
 * the unit or a bad range; 404 unknown unit; 403 out of reach.
 */
export async function getCompleteness(ctx: { db: Db; actor: Actor }, query: CompletenessQuery, at: Date = new Date()): Promise<CompletenessView> {
	const unit = await completenessUnit(ctx.db, ctx.actor, query.unit);
	const form = await selectForm(ctx.db, query.form);
	if (!form) throw new AppError('VALIDATION', 'reports.completeness.badForm', { value: query.form.slice(0, 60) });
	const ranks = await selectLevelRanks(ctx.db);
	if ((ranks.get(form.level) ?? 0) <= (ranks.get(unit.level) ?? 0))
		throw new AppError('VALIDATION', 'reports.completeness.notChildLevel', { form: form.code, level: form.level, unit: unit.name });
	const on = today(at);
	const type = form.periodType as PeriodType;
	const toKey = query.to || periodOf(type, on).key;
	let fromKey = query.from;
	if (!fromKey) {
		let first = parsePeriod(toKey);
		if (first && first.type === type) for (let i = 0; i < 3; i++) first = previousPeriod(first);
		fromKey = first?.key ?? toKey;
	}
	const periods = periodsBetween(type, fromKey, toKey);
	if (!periods) throw new AppError('VALIDATION', 'reports.completeness.badRange', { type, max: MAX_PERIODS });
	const below = await selectUnitsUnder(ctx.db, unit.path, form.level);
	const reports = await selectReportStates(
		ctx.db,
		form.code,
		below.map((u) => u.id),
		periods.map((p) => p.key)
	);
	const rows = tabulate(form, periods, below, reports, on);
	const total = emptyCounts();
	for (const r of rows) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += r[k];
	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		form: { code: form.code, nameVi: form.nameVi, nameEn: form.nameEn, periodType: form.periodType, level: form.level, dueDays: form.dueDays },
		asOf: on,
		periods: rows,
		total
	};
}
