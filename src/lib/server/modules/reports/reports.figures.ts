import type { Db } from '../../db/client';
import { parsePeriod, periodOf, requirePeriod, type Period, type PeriodType } from '../../periods';
import { computeIndicators, computedIndicatorCodes } from '../indicators/indicators.engine';
import type { ReportFigure } from './reports.tables';
import { selectChildUnits, selectForms, selectReportsOf, type ReportWithUnit } from './reports.repository';

/** Statuses in which a report counts as "in" for the level above. */
export const inStatuses = ['submitted', 'approved', 'accepted'] as const;

/** Codes whose figure is entered by hand: the catalogue's manual ones and those no engine computes. */
export const isEnterable = (code: string) => !computedIndicatorCodes.includes(code);

/**
 * The report's figures: frozen ones once approved; otherwise computed now from the records (the
 * engine), with entered figures for the codes it does not compute.
 */
export async function figuresOf(db: Db, row: ReportWithUnit): Promise<ReportFigure[]> {
	if (row.report.figures) return row.report.figures;
	const period = requirePeriod(row.report.periodKey);
	const computed = await computeIndicators(db, { unitPath: row.unit.path }, period, row.form.indicatorCodes);
	const manual = row.report.manualFigures ?? {};
	return computed.map((f) => {
		if (f.status === 'computed') return { code: f.code, value: f.value, status: 'computed' };
		if (isEnterable(f.code) && typeof manual[f.code] === 'number') return { code: f.code, value: manual[f.code], status: 'manual' };
		return { code: f.code, value: null, status: f.status };
	});
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The periods of a type that lie wholly inside a period (the months of a quarter, the quarter itself…). */
export function periodsWithin(type: PeriodType, outer: Period): Period[] {
	const out = new Map<string, Period>();
	const [y1, m1] = outer.from.split('-').map(Number);
	const [y2, m2] = outer.to.split('-').map(Number);
	for (let y = y1, m = m1; y < y2 || (y === y2 && m <= m2); m === 12 ? (y++, (m = 1)) : m++) {
		const p = periodOf(type, `${y}-${pad(m)}-01`);
		if (p.from >= outer.from && p.to <= outer.to) out.set(p.key, p);
	}
	return [...out.values()];
}

export interface ChildStatus {
	code: string;
	name: string;
	/** Reports of the child expected for the period (form code and period key) and whether each is in. */
	reports: { formCode: string; periodKey: string; reportId: string | null; status: string | null; in: boolean }[];
	complete: boolean;
}

/**
 * The reports of the units below for the report's period: for each child unit, its level's active
 * forms whose periods lie inside the report's period (a commune's quarter holds its villages' three
 * monthly reports; a form of the same period type, the same period). Null when nothing is expected.
 */
export async function childStatusOf(db: Db, row: ReportWithUnit): Promise<ChildStatus[] | null> {
	const period = parsePeriod(row.report.periodKey);
	if (!period) return null;
	const children = await selectChildUnits(db, row.unit.id, period.from, period.to);
	if (!children.length) return null;
	const forms = (await selectForms(db, { activeOnly: true })).filter((f) => children.some((c) => c.level === f.level));
	const expected = forms.map((f) => ({ form: f, periods: periodsWithin(f.periodType as PeriodType, period) })).filter((e) => e.periods.length);
	if (!expected.length) return null;
	const found = await selectReportsOf(
		db,
		children.map((c) => c.id),
		expected.map((e) => e.form.code),
		[...new Set(expected.flatMap((e) => e.periods.map((p) => p.key)))]
	);
	const byKey = new Map(found.map((r) => [`${r.unitId}|${r.formCode}|${r.periodKey}`, r]));
	const out: ChildStatus[] = [];
	for (const child of children) {
		const mine = expected.filter((e) => e.form.level === child.level);
		if (!mine.length) continue;
		const reports = mine.flatMap((e) =>
			e.periods.map((p) => {
				const r = byKey.get(`${child.id}|${e.form.code}|${p.key}`);
				return { formCode: e.form.code, periodKey: p.key, reportId: r?.id ?? null, status: r?.status ?? null, in: !!r && (inStatuses as readonly string[]).includes(r.status) };
			})
		);
		out.push({ code: child.code, name: child.name, reports, complete: reports.every((r) => r.in) });
	}
	return out.length ? out : null;
}
