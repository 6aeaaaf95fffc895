import { and, asc, eq, inArray, isNull, lte, gte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, scopePaths } from '../../access/actor';
import { AppError, forbidden } from '../../errors';
import { periodLabel, requirePeriod, today, type Period } from '../../periods';
import type { Locale } from '../../../i18n';
import { units } from '../units/units.tables';
import { selectUnitByCode } from '../units/units.repository';
import { plans, planTargets } from '../plans/plans.tables';
import { targetPeriods } from '../plans/plans.actual';
import { findFundingSources, findIndicators } from '../catalog/catalog.service';
import { computeDashboardFigures, computeIndicatorGrid, type IndicatorFigure, type ReachBreakdown } from '../indicators/indicators.engine';
import { resolveScope, type ResolvedScope } from '../indicators/indicators.scope';
import { shownFigures, type ShownFigure } from '../indicators/indicators.service';

/**
 * Commune and province dashboards: a unit's figures for a period, computed on request from the
 * records (through the indicator engine and the month figures the database keeps), so an activity
 * recorded a moment ago is in the next page view. Plan versus actual per target of the unit's
 * plans in force, reach by category and channel, feedback timeliness, spending by source, all by
 * month; and the same figures for each unit one level down, for drilling down.
 */

export interface DashboardCtx {
	db: Db;
	actor: Actor;
	locale?: Locale;
	now?: Date;
}

/** Cards at the top, in this order (all but the reach ones add up over months). */
export const cardCodes = ['dialogues_held', 'bulletins_broadcast', 'trainings_held', 'households_reached', 'share_households_reached', 'feedback_received', 'feedback_overdue', 'spending'] as const;
/** Cards read from the reach figures (one pass over the households fewer). */
const reachCardCodes: readonly string[] = ['households_reached', 'share_households_reached'];
/** Columns of the table by month. */
export const monthCodes = [
	'bulletins_broadcast',
	'articles_published',
	'social_posts_published',
	'dialogues_held',
	'dialogue_participants',
	'leaflets_distributed',
	'trainings_held',
	'trainees',
	'households_reached',
	'stories_published'
] as const;
export const feedbackCodes = ['feedback_received', 'feedback_answered_on_time', 'feedback_answered_late', 'feedback_overdue'] as const;
/** Columns of the table by unit one level down. */
export const childCodes = ['dialogues_held', 'bulletins_broadcast', 'trainings_held', 'households_reached', 'share_households_reached', 'feedback_received', 'feedback_overdue', 'spending'] as const;

export interface DashboardUnit {
	code: string;
	name: string;
	level: string;
}

export interface PlanRow {
	planTitle: string;
	indicator: string;
	name: string;
	measure: string;
	period: string;
	periodLabel: string;
	target: number;
	actual: number | null;
	status: ShownFigure['status'];
	percent: number | null;
}

export interface Dashboard {
	unit: DashboardUnit;
	/** From the root of the tree down to the unit, for the breadcrumb (only the ones the actor may open are links). */
	trail: (DashboardUnit & { open: boolean })[];
	period: { key: string; label: string; from: string; to: string };
	names: Record<string, { name: string; measure: string }>;
	cards: ShownFigure[];
	months: { key: string; label: string; figures: ShownFigure[] }[];
	feedbackMonths: { key: string; label: string; figures: ShownFigure[] }[];
	spending: { sources: { code: string; name: string }[]; months: { key: string; label: string; values: Record<string, number> }[]; total: Record<string, number> };
	reach: ReachBreakdown | null;
	plan: PlanRow[];
	children: { unit: DashboardUnit; figures: ShownFigure[] }[];
	childLevel: string | null;
}

/** Whether an actor may open a unit's dashboard: its reports' figures are what it shows. */
export const canSeeDashboard = (actor: Actor, unitPath: string) => can(actor, 'reports.read', unitPath) && can(actor, 'activities.read', unitPath);

/** The unit a dashboard opens on when none is asked for: the actor's own (highest) unit, or the first province. */
export async function defaultDashboardUnit(db: Db, actor: Actor): Promise<string | null> {
	const paths = scopePaths(actor, 'reports.read');
	if (paths && paths.length === 0) return null;
	const rows = paths
		? await db.select({ code: units.code, path: units.path, depth: units.depth }).from(units).where(inArray(units.path, paths)).orderBy(asc(units.depth), asc(units.code))
		: await db.select({ code: units.code, path: units.path, depth: units.depth }).from(units).where(and(isNull(units.parentId), isNull(units.validTo))).orderBy(asc(units.code));
	return rows.find((r) => canSeeDashboard(actor, r.path))?.code ?? null;
}

/** The period key a dashboard form asks for: a year and optionally a quarter (`Q1`…) or a month (`01`…). */
export function periodKeyOf(year: string | null, part: string | null): string {
	const y = (year ?? '').trim();
	const p = (part ?? '').trim().toUpperCase();
	if (!p) return y;
	return /^Q[1-4]$|^H[12]$/.test(p) ? `${y}${p}` : `${y}-${p}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function byCode(figures: IndicatorFigure[] | undefined, codes: readonly string[]): IndicatorFigure[] {
	return codes.map((code) => figures?.find((f) => f.code === code) ?? { code, value: 0, status: 'computed' as const });
}

/**
 * A unit's dashboard for a period. 400 for a bad period or unit code, 404 for an unknown unit,
 * 403 for a unit the actor may not see.
 */
export async function getDashboard(ctx: DashboardCtx, unitCode: string, periodKey: string): Promise<Dashboard> {
	const locale = ctx.locale ?? 'vi';
	const period = requirePeriod(periodKey);
	if (!/^[A-Za-z0-9._-]{1,40}$/.test(unitCode)) throw new AppError('VALIDATION', 'dashboards.badUnit', { code: unitCode.slice(0, 40) });
	const row = await selectUnitByCode(ctx.db, unitCode);
	if (!row) throw new AppError('NOT_FOUND', 'unit.notFound', { code: unitCode });
	const unit = row.unit;
	if (!canSeeDashboard(ctx.actor, unit.path)) throw forbidden();
	const db = ctx.db;
	const show = (figures: IndicatorFigure[]) => shownFigures(ctx.actor, unit.path, figures);

	// Everything that does not need the figures, at once: the scope (resolved once for every
	// figure), funding sources, the catalogue's names, the units one level down (current ones,
	// not merged away, in code order) and the breadcrumb's ancestors.
	const ancestorIds = unit.path.split('/').filter(Boolean);
	const [scope, sources, catalogue, childRows, ancestors] = await Promise.all([
		resolveScope(db, unit.path),
		findFundingSources(db, locale),
		findIndicators(db, locale, { includeInactive: true }),
		db
			.select({ id: units.id, code: units.code, name: units.name, level: units.level, path: units.path })
			.from(units)
			.where(and(eq(units.parentId, unit.id), isNull(units.successorId)))
			.orderBy(asc(units.code)),
		db.select({ id: units.id, code: units.code, name: units.name, level: units.level, path: units.path }).from(units).where(inArray(units.id, ancestorIds))
	]);
	const spendingCodes = ['spending', ...sources.map((s) => `spending_${s.code}`)];
	const names = Object.fromEntries(catalogue.map((i) => [i.code, { name: i.name, measure: i.unit }]));
	// Months and children from one read of each source (computeDashboardFigures), beside the plan's rows.
	const [figures, plan] = await Promise.all([
		computeDashboardFigures(
			db,
			scope,
			period,
			[...new Set([...monthCodes, ...feedbackCodes, ...spendingCodes, ...cardCodes.filter((c) => !reachCardCodes.includes(c))])],
			[...childCodes],
			can(ctx.actor, 'households.counts', unit.path)
		),
		planRows(ctx, unit.id, unit.path, scope, period, names)
	]);
	const { byMonth: monthly, byChild, reach } = figures;
	const monthKeys = [...monthly.keys()].sort();
	const monthLabel = (key: string) => periodLabel(requirePeriod(key), locale);

	const children = childRows.map((c) => ({
		unit: { code: c.code, name: c.name, level: c.level },
		figures: shownFigures(ctx.actor, c.path, byCode(byChild.get(c.id), childCodes))
	}));

	const spendingMonths = monthKeys.map((key) => {
		const figures = monthly.get(key)!;
		return { key, label: monthLabel(key), values: Object.fromEntries(spendingCodes.map((c) => [c, figures.find((f) => f.code === c)?.value ?? 0])) };
	});
	const spendingTotal = Object.fromEntries(spendingCodes.map((c) => [c, spendingMonths.reduce((n, m) => n + (m.values[c] ?? 0), 0)]));

	// The breadcrumb: every ancestor, a link where the actor may open it.
	const trail = ancestorIds.flatMap((id) => {
		const a = ancestors.find((x) => x.id === id);
		return a ? [{ code: a.code, name: a.name, level: a.level, open: canSeeDashboard(ctx.actor, a.path) }] : [];
	});

	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		trail,
		period: { key: period.key, label: periodLabel(period, locale), from: period.from, to: period.to },
		names,
		cards: show(
			cardCodes.map((code) => {
				if (code === 'households_reached') return { code, value: reach?.total.reached ?? null, status: 'computed' as const };
				if (code === 'share_households_reached') return { code, value: reach?.total.share ?? null, status: 'computed' as const };
				// Every other card adds up: a record falls in exactly one month.
				return { code, value: [...monthly.values()].reduce((n, figures) => n + (figures.find((f) => f.code === code)?.value ?? 0), 0), status: 'computed' as const };
			})
		),
		months: monthKeys.map((key) => ({ key, label: monthLabel(key), figures: show(byCode(monthly.get(key), monthCodes)) })),
		feedbackMonths: monthKeys.map((key) => ({ key, label: monthLabel(key), figures: show(byCode(monthly.get(key), feedbackCodes)) })),
		spending: { sources: [{ code: 'spending', name: names.spending?.name ?? 'spending' }, ...sources.map((s) => ({ code: `spending_${s.code}`, name: s.name }))], months: spendingMonths, total: spendingTotal },
		reach,
		plan,
		children,
		childLevel: childRows[0]?.level ?? null
	};
}

/**
 * Targets of the unit's plans in force (issued, or approved when none is issued) whose period
 * overlaps the dashboard's, each beside the figure of the target's own period.
 */
async function planRows(ctx: DashboardCtx, unitId: string, unitPath: string, scope: ResolvedScope, period: Period, names: Dashboard['names']): Promise<PlanRow[]> {
	const locale = ctx.locale ?? 'vi';
	const found = await ctx.db
		.select()
		.from(plans)
		.where(
			and(
				eq(plans.unitId, unitId),
				inArray(plans.status, ['issued', 'approved']),
				or(isNull(plans.periodFrom), lte(plans.periodFrom, period.year)),
				or(isNull(plans.periodTo), gte(plans.periodTo, period.year))
			)
		)
		.orderBy(asc(plans.status), asc(plans.title));
	const inForce = found.some((p) => p.status === 'issued') ? found.filter((p) => p.status === 'issued') : found;
	if (!inForce.length) return [];
	const targets = await ctx.db
		.select()
		.from(planTargets)
		.where(inArray(planTargets.planId, inForce.map((p) => p.id)))
		.orderBy(asc(planTargets.indicatorCode), asc(planTargets.period));
	const wanted: { plan: (typeof inForce)[number]; target: (typeof targets)[number]; period: Period }[] = [];
	for (const target of targets) {
		const plan = inForce.find((p) => p.id === target.planId)!;
		const years = plan.periodFrom != null ? { from: plan.periodFrom, to: plan.periodTo ?? plan.periodFrom } : { from: period.year, to: period.year };
		for (const p of targetPeriods(target.period, years) ?? []) if (p.from <= period.to && p.to >= period.from) wanted.push({ plan, target, period: p });
	}
	const byPeriod = new Map<string, { period: Period; codes: Set<string> }>();
	for (const w of wanted) {
		const entry = byPeriod.get(w.period.key) ?? { period: w.period, codes: new Set<string>() };
		entry.codes.add(w.target.indicatorCode);
		byPeriod.set(w.period.key, entry);
	}
	const figures = new Map<string, ShownFigure>();
	for (const [key, { period: p, codes }] of byPeriod) {
		const grid = await computeIndicatorGrid(ctx.db, scope, p, [...codes], 'none');
		for (const f of shownFigures(ctx.actor, unitPath, grid.get('')!)) figures.set(`${f.code}|${key}`, f);
	}
	return wanted.map(({ plan, target, period: p }) => {
		const f = figures.get(`${target.indicatorCode}|${p.key}`)!;
		const value = Number(target.value);
		return {
			planTitle: plan.title,
			indicator: target.indicatorCode,
			name: names[target.indicatorCode]?.name ?? target.indicatorCode,
			measure: names[target.indicatorCode]?.measure ?? '',
			period: p.key,
			periodLabel: periodLabel(p, locale),
			target: value,
			actual: f.value,
			status: f.status,
			percent: f.value != null && value > 0 ? Math.round((f.value / value) * 100) : null
		};
	});
}

/** Periods the form offers: years around today's, and the parts of a year. */
export function periodChoices(now: Date = new Date()) {
	const year = Number(today(now).slice(0, 4));
	return {
		years: Array.from({ length: 6 }, (_, i) => year + 1 - i),
		parts: ['', 'Q1', 'Q2', 'Q3', 'Q4', ...Array.from({ length: 12 }, (_, i) => pad(i + 1))]
	};
}
