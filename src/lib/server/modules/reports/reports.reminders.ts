import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { can, type Actor } from '../../access/actor';
import { periodLabel, periodOf, today, type Period, type PeriodType } from '../../periods';
import type { Locale } from '../../../i18n';
import { rowsOf } from '../activities/activities.reach';
import { reportReminders } from './reports.tables';
import { addDays, daysBetween, dueOnOf, nextPeriod, stateOf, unitExpected } from './reports.completeness';
import {
	selectActiveForms,
	selectReportStates,
	selectUnitsByIds,
	selectUnitsOfLevel,
	type FormRow,
	type UnitRow
} from './reports.completeness.repository';

/**
 * Reminders of reports due soon (within DUE_SOON_DAYS days) or overdue (past due, not submitted).
 * The daily job records each once in `report_reminders` under the report's key (form, unit code,
 * period), whether or not the report has been started; the workspace shows the actor's. Delivery
 * by e-mail or Zalo is not here: it comes with the outreach outbox, which will read these rows.
 */

export const DUE_SOON_DAYS = 3;
/** How far back an overdue report is still reminded of and shown (older ones are completeness's). */
export const OVERDUE_LOOKBACK_DAYS = 120;

export type ReminderKind = 'due_soon' | 'overdue';

export interface DueReport {
	key: string;
	kind: ReminderKind;
	form: { code: string; nameVi: string; nameEn: string };
	unit: { id: string; code: string; name: string };
	period: Period;
	dueOn: string;
	/** Days left (due soon, 0 = today) or days late (overdue). */
	days: number;
	reportId: string | null;
}

/** The key a reminder is recorded under: one report of one unit, form and period. */
export const reportKey = (form: string, unitCode: string, periodKey: string) => `${form}|${unitCode}|${periodKey}`;

/** Periods of a form whose due date lies from the lookback to DUE_SOON_DAYS ahead. */
export function periodsDueAround(form: Pick<FormRow, 'periodType' | 'dueDays'>, on: string): Period[] {
	const last = addDays(on, DUE_SOON_DAYS);
	const out: Period[] = [];
	for (let p = periodOf(form.periodType as PeriodType, addDays(on, -(OVERDUE_LOOKBACK_DAYS + form.dueDays))); p.from <= last; p = nextPeriod(p)) {
		const due = dueOnOf(form, p);
		if (due >= addDays(on, -OVERDUE_LOOKBACK_DAYS) && due <= last) out.push(p);
	}
	return out;
}

/**
 * Reports due soon or overdue on a day, of every active form, for the given units (every unit of
 * the form's level when none are given). Reports submitted, approved or accepted are not listed.
 */
export async function findDueReports(db: Db, on: string, onlyUnits?: UnitRow[]): Promise<DueReport[]> {
	const out: DueReport[] = [];
	for (const form of await selectActiveForms(db)) {
		const periods = periodsDueAround(form, on);
		if (!periods.length) continue;
		const units = onlyUnits ? onlyUnits.filter((u) => u.level === form.level) : await selectUnitsOfLevel(db, form.level);
		if (!units.length) continue;
		const states = await selectReportStates(
			db,
			form.code,
			units.map((u) => u.id),
			periods.map((p) => p.key)
		);
		const byKey = new Map(states.map((r) => [`${r.unitId}|${r.periodKey}`, r]));
		for (const period of periods)
			for (const unit of units) {
				if (!unitExpected(unit, period)) continue;
				const report = byKey.get(`${unit.id}|${period.key}`);
				const dueOn = report?.dueOn ?? dueOnOf(form, period);
				const state = stateOf(report, dueOn, on);
				const left = daysBetween(on, dueOn);
				let kind: ReminderKind | null = null;
				if (state === 'missing') kind = 'overdue';
				else if (state === 'pending' && left <= DUE_SOON_DAYS) kind = 'due_soon';
				if (!kind) continue;
				out.push({
					key: reportKey(form.code, unit.code, period.key),
					kind,
					form: { code: form.code, nameVi: form.nameVi, nameEn: form.nameEn },
					unit: { id: unit.id, code: unit.code, name: unit.name },
					period,
					dueOn,
					days: Math.abs(left),
					reportId: report?.id ?? null
				});
			}
	}
	return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.unit.code.localeCompare(b.unit.code) || a.form.code.localeCompare(b.form.code));
}

/**
 * The daily job: records a reminder for every report due soon or overdue today that has none of
 * that kind yet. Idempotent: a second run the same day records nothing. Returns how many it recorded.
 */
export async function recordReportReminders(db: Db, at: Date = new Date()): Promise<number> {
	const due = await findDueReports(db, today(at));
	let recorded = 0;
	for (let i = 0; i < due.length; i += 500) {
		const chunk = due.slice(i, i + 500);
		const rows = await db
			.insert(reportReminders)
			.values(chunk.map((d) => ({ reportKey: d.key, kind: d.kind, sentAt: at })))
			.onConflictDoNothing()
			.returning({ key: reportReminders.reportKey });
		recorded += rows.length;
	}
	return recorded;
}

export interface ReminderItem {
	kind: ReminderKind;
	formName: string;
	unit: { code: string; name: string };
	periodKey: string;
	periodLabel: string;
	dueOn: string;
	days: number;
	reportId: string | null;
	/** Link: the report, or the completeness page of the unit above when the report is not started. */
	href: string;
	/** Việt Nam date the daily job recorded the reminder, or null. */
	remindedOn: string | null;
}

export interface ReminderBox {
	items: ReminderItem[];
	/** Further reports due soon or overdue, not listed. */
	more: number;
}

/** At most this many reminders are listed in the box. */
export const REMINDER_BOX_SIZE = 8;

/**
 * The workspace box "reports due soon / overdue": for each unit the actor holds a grant on with
 * reports.read, that unit's own reports and those of the units directly below it. Overdue first.
 */
export async function remindersFor(ctx: { db: Db; actor: Actor }, locale: Locale, at: Date = new Date()): Promise<ReminderBox> {
	const granted = ctx.actor.grants.filter((g) => g.unitId && g.unitPath && can(ctx.actor, 'reports.read', g.unitPath)).map((g) => g.unitId!);
	if (!granted.length) return { items: [], more: 0 };
	const ids = [...new Set(granted)];
	const own = await selectUnitsByIds(ctx.db, ids);
	const children = await rowsOf<{ id: string }>(ctx.db, sql`SELECT id FROM units WHERE parent_id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
	const childIds = children.map((r) => r.id).filter((id) => !ids.includes(id));
	const units = [...own, ...(await selectUnitsByIds(ctx.db, childIds))];
	const unitById = new Map(units.map((u) => [u.id, u]));
	const due = (await findDueReports(ctx.db, today(at), units)).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'overdue' ? -1 : 1));
	const shown = due.slice(0, REMINDER_BOX_SIZE);
	const sent = shown.length
		? await ctx.db
				.select({ key: reportReminders.reportKey, kind: reportReminders.kind, sentAt: reportReminders.sentAt })
				.from(reportReminders)
				.where(inArray(reportReminders.reportKey, shown.map((d) => d.key)))
		: [];
	const items = shown.map((d): ReminderItem => {
		const unit = unitById.get(d.unit.id)!;
		// A unit below one of the actor's: its completeness row there; the actor's own unit: the reports list.
		const above = unit.parentId && ids.includes(unit.parentId) ? unitById.get(unit.parentId) : undefined;
		const reminded = sent.find((s) => s.key === d.key && s.kind === d.kind);
		return {
			kind: d.kind,
			formName: locale === 'vi' ? d.form.nameVi : d.form.nameEn,
			unit: { code: d.unit.code, name: d.unit.name },
			periodKey: d.period.key,
			periodLabel: periodLabel(d.period, locale),
			dueOn: d.dueOn,
			days: d.days,
			reportId: d.reportId,
			href: d.reportId
				? `/app/reports/${d.reportId}`
				: above
					? `/app/reports/completeness?unit=${encodeURIComponent(above.code)}&form=${encodeURIComponent(d.form.code)}&from=${d.period.key}&to=${d.period.key}`
					: '/app/reports',
			remindedOn: reminded ? today(reminded.sentAt) : null
		};
	});
	return { items, more: due.length - shown.length };
}
