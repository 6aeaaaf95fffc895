import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { forbidden } from '../../errors';
import { parsePeriod, periodLabel, today, type Period } from '../../periods';
import type { Locale } from '../../../i18n';
import { findIndicators } from '../catalog/catalog.service';
import { computeIndicators } from '../indicators/indicators.engine';
import { canReadIndicators, shownFigures } from '../indicators/indicators.service';
import { planTargets } from './plans.tables';
import { loadReadablePlan, nowOf, type PlanCtx } from './plans.service';
import { canSeeReach, getReach, type ReachView } from '../activities/activities.reach';

/**
 * Plan versus actual: for every target of a plan, the figure the indicator engine computes for
 * the plan's unit (and everything under it) and the target's period. A target "per year" or "per
 * month" (period `year` / `month`) is compared in every year or month of the plan's years.
 */

export const PlanActualRow = z.object({
	indicator: z.string(),
	name: z.string(),
	measure: z.string(),
	/** The target's period as written: a key, `year` or `month`. */
	targetPeriod: z.string(),
	/** The period compared (a key), or null when the target's period names none. */
	period: z.string().nullable(),
	periodLabel: z.string().nullable(),
	target: z.number(),
	actual: z.number().nullable(),
	/** computed; not_available (the engine has no records for it yet); manual (entered in a report); not_permitted; bad_period */
	status: z.enum(['computed', 'not_available', 'manual', 'not_permitted', 'bad_period']),
	/** Actual as a percentage of the target, rounded; null when either is missing or the target is 0. */
	percent: z.number().nullable()
});
export type PlanActualRow = z.infer<typeof PlanActualRow>;

export const PlanActual = z.object({
	planId: z.string(),
	unit: z.object({ code: z.string(), name: z.string() }),
	years: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
	rows: z.array(PlanActualRow)
});
export type PlanActual = z.infer<typeof PlanActual>;

/** Months of a plan longer than this are not expanded month by month (a mistyped period range). */
const MAX_EXPANDED = 120;

/** The periods a target names within the plan's years; null when it names none. */
export function targetPeriods(key: string, years: { from: number; to: number } | null): Period[] | null {
	const k = key.trim().toLowerCase();
	if (k === 'year' || k === 'month') {
		if (!years || years.to < years.from) return null;
		const out: Period[] = [];
		for (let y = years.from; y <= years.to && out.length < MAX_EXPANDED; y++) {
			if (k === 'year') out.push(parsePeriod(String(y))!);
			else for (let m = 1; m <= 12; m++) out.push(parsePeriod(`${y}-${String(m).padStart(2, '0')}`)!);
		}
		return out;
	}
	const p = parsePeriod(key);
	return p ? [p] : null;
}

/**
 * Every target of a plan beside its actual. The plan must be readable, and its unit's activities
 * too (403 otherwise); reach figures need the unit's household counts as well.
 */
export async function getPlanActual(ctx: PlanCtx, id: string, locale: Locale = 'vi'): Promise<PlanActual> {
	const row = await loadReadablePlan(ctx, id);
	if (!canReadIndicators(ctx.actor, row.unitPath)) throw forbidden();
	const targets = await ctx.db.select().from(planTargets).where(eq(planTargets.planId, row.plan.id)).orderBy(asc(planTargets.indicatorCode), asc(planTargets.period));
	const years = row.plan.periodFrom != null ? { from: row.plan.periodFrom, to: row.plan.periodTo ?? row.plan.periodFrom } : null;
	const catalogue = new Map((await findIndicators(ctx.db, locale, { includeInactive: true })).map((i) => [i.code, i]));

	// One engine call per period, for the codes that period needs.
	const expanded = targets.map((t) => ({ t, periods: targetPeriods(t.period, years) }));
	const needs = new Map<string, { period: Period; codes: Set<string> }>();
	for (const { t, periods } of expanded)
		for (const p of periods ?? []) {
			const entry = needs.get(p.key) ?? { period: p, codes: new Set<string>() };
			entry.codes.add(t.indicatorCode);
			needs.set(p.key, entry);
		}
	const figures = new Map<string, { value: number | null; status: PlanActualRow['status'] }>();
	for (const [key, { period, codes }] of needs) {
		const computed = shownFigures(ctx.actor, row.unitPath, await computeIndicators(ctx.db, { unitPath: row.unitPath }, period, [...codes]));
		for (const f of computed) figures.set(`${f.code}|${key}`, { value: f.value, status: f.status });
	}

	const rows: PlanActualRow[] = [];
	for (const { t, periods } of expanded) {
		const indicator = catalogue.get(t.indicatorCode);
		const base = { indicator: t.indicatorCode, name: indicator?.name ?? t.indicatorCode, measure: indicator?.unit ?? '', targetPeriod: t.period, target: Number(t.value) };
		if (!periods) {
			rows.push({ ...base, period: null, periodLabel: null, actual: null, status: 'bad_period', percent: null });
			continue;
		}
		for (const p of periods) {
			const f = figures.get(`${t.indicatorCode}|${p.key}`) ?? { value: null, status: 'not_available' as const };
			const percent = f.value != null && base.target > 0 ? Math.round((f.value / base.target) * 100) : null;
			rows.push({ ...base, period: p.key, periodLabel: periodLabel(p, locale), actual: f.value, status: f.status, percent });
		}
	}
	return { planId: row.plan.id, unit: { code: row.unitCode, name: row.unitName }, years, rows };
}

/**
 * What the plan page shows under "plan versus actual": the rows (null when the actor may not read
 * the unit's activities) and household reach of the plan's unit in the plan's current year (the
 * present year when the plan covers it, else its first year; null when out of the actor's reach).
 */
export async function planProgress(ctx: PlanCtx, id: string, locale: Locale = 'vi') {
	const row = await loadReadablePlan(ctx, id);
	if (!canReadIndicators(ctx.actor, row.unitPath)) return { actual: null, reach: null, reachPeriod: null };
	const actual = await getPlanActual(ctx, id, locale);
	const now = Number(today(nowOf(ctx)).slice(0, 4));
	const year = actual.years ? (now >= actual.years.from && now <= actual.years.to ? now : actual.years.from) : now;
	let reach: ReachView | null = null;
	if (canSeeReach(ctx.actor, row.unitPath)) reach = await getReach(ctx, { unit: row.unitCode, period: String(year) });
	return { actual, reach, reachPeriod: String(year) };
}
