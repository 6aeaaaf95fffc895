import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, escapeLike } from '../../access/actor';
import { AppError, forbidden } from '../../errors';
import { requirePeriod, today, type Period } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { computeReachBreakdown } from '../indicators/indicators.engine';
import { resolveScope, uuidArray, type ResolvedScope } from '../indicators/indicators.scope';

/**
 * Household reach (DOMAIN.md "Reach"): a household is reached in a period when at least one
 * VERIFIED activity dated in the period records it (activity_households). The total is distinct
 * households; the breakdown by channel counts a household once per channel, so channels add up to
 * more than the total when a household was reached twice. Categories are the households'
 * classifications of the period's year; a household without one that year counts as `none`.
 *
 * Scope: the households whose village lies under the unit. A household of the scope counts as
 * reached whichever unit's activity recorded it (activities record only households within their
 * own units, so these are the scope's activities, or a commune's activity that named the
 * village's households). Participants counted by group (activity_counts, for activities where
 * names are not known) are a separate figure over the verified activities of units in the
 * subtree or covering a unit in it; they are never added to distinct households.
 */

export const reachCategories = ['poor', 'near_poor', 'escaped', 'none'] as const;
export type ReachCategory = (typeof reachCategories)[number];

/** Where reach is counted: a unit's materialised path (everything under it). */
export interface ReachScope {
	unitPath: string;
}

export interface ReachRow {
	register: number;
	reached: number;
	/** Percent reached of the register, one decimal; null when the register is empty. */
	share: number | null;
}

export interface ReachFigures {
	year: number;
	byCategory: ({ category: ReachCategory } & ReachRow)[];
	total: ReachRow;
	byChannel: { channel: string; reached: number; byCategory: Record<ReachCategory, number> }[];
	participantsCounted: { group: string; count: number }[];
	participantsTotal: number;
	/** Verified activities dated in the period of units in the scope (or covering one). */
	verifiedActivities: number;
}

/** Rows of a raw statement on either driver. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
	const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
	return Array.isArray(result) ? result : (result.rows ?? []);
}

export const shareOf = (reached: number, register: number) => (register > 0 ? Math.round((reached / register) * 1000) / 10 : null);

/**
 * The activities of a scope: those of a unit under it, or of a unit above it that covered a unit
 * under it (covered units lie within the activity's own unit, so only the scope's ancestors need
 * their covered units looked at). Written as `unit_id = ANY(…)` so the (unit_id, date) index
 * serves it. `a` is the activities alias of the surrounding statement.
 */
export function activityInScope(scope: ReachScope): SQL {
	const prefix = escapeLike(scope.unitPath) + '%';
	const below = sql`ARRAY(SELECT su.id FROM units su WHERE su.path LIKE ${prefix})`;
	const above = sql`ARRAY(SELECT au.id FROM units au WHERE starts_with(${scope.unitPath}::text, au.path) AND au.path <> ${scope.unitPath})`;
	return sql`(a.unit_id = ANY(${below}) OR (a.unit_id = ANY(${above}) AND a.covered_unit_ids && ${below}))`;
}

/**
 * The months of a period as household_reach's bit mask (bit 0 = January). Every period key names
 * whole months of one calendar year (periods.ts).
 */
export function monthMask(period: Pick<Period, 'from' | 'to'>): { year: number; mask: number } {
	const [y1, m1] = period.from.split('-').map(Number);
	const [y2, m2] = period.to.split('-').map(Number);
	if (y1 !== y2 || m2 < m1) throw new Error(`period ${period.from}..${period.to} is not within one year`);
	return { year: y1, mask: ((1 << m2) - 1) & ~((1 << (m1 - 1)) - 1) };
}

/**
 * Verified activities of a scope and period (group `*`) and the participants they counted by
 * group: for the scope's own units (with the units merged into it, as the indicator engine counts
 * them) from activity_month_totals, which the database keeps (see reach.tables.ts); for activities
 * of a unit above the scope that covered a unit in it, from the activities themselves (only the
 * scope's ancestors, through the (unit_id, date) index).
 */
function activityTotals(scope: ResolvedScope, period: Period): SQL {
	const { year } = monthMask(period);
	const m1 = Number(period.from.slice(5, 7));
	const m2 = Number(period.to.slice(5, 7));
	const ids = uuidArray(scope.units.map((u) => u.id));
	const covering = scope.ancestorIds.length
		? sql`UNION ALL
			SELECT g.group_code, g.n FROM activities a
			CROSS JOIN LATERAL (SELECT '*'::text AS group_code, 1 AS n UNION ALL SELECT c.group_code, c.count FROM activity_counts c WHERE c.activity_id = a.id) g
			WHERE a.status = 'verified' AND a.date BETWEEN ${period.from}::date AND ${period.to}::date
				AND a.unit_id = ANY(${uuidArray(scope.ancestorIds)}) AND a.covered_unit_ids && ${ids}`
		: sql``;
	return sql`SELECT "group", sum(n)::int AS count FROM (
			SELECT t.group_code AS "group", t.total AS n FROM activity_month_totals t
			WHERE t.unit_id = ANY(${ids}) AND t.year = ${year}::int AND t.month BETWEEN ${m1}::int AND ${m2}::int
			${covering}
		) x GROUP BY "group"`;
}

/**
 * The figures of a scope and period. No authorisation: callers check it (getReach, the indicator
 * engine's service). Households reached are the indicator engine's (computeReachBreakdown): sums of
 * reach_period_counts and reach_register_counts over the scope's units, which the database keeps
 * from household_reach and the register, so a province is some thousands of kept rows rather than
 * a pass over its 200,000 households; the scope is resolved once (with the units merged into it).
 */
export async function computeReach(db: Db, scope: ReachScope, period: Period): Promise<ReachFigures> {
	monthMask(period);
	const resolved = await resolveScope(db, scope.unitPath);
	if (!resolved.units.length) {
		const byCategory = reachCategories.map((category) => ({ category, register: 0, reached: 0, share: null }));
		return { year: period.year, byCategory, total: { register: 0, reached: 0, share: null }, byChannel: [], participantsCounted: [], participantsTotal: 0, verifiedActivities: 0 };
	}
	const [breakdown, totals] = await Promise.all([computeReachBreakdown(db, resolved, period), rowsOf<{ group: string; count: number }>(db, activityTotals(resolved, period))]);
	const participantsCounted = totals
		.filter((r) => r.group !== '*')
		.map((r) => ({ group: r.group, count: Number(r.count) }))
		.sort((a, b) => a.group.localeCompare(b.group));
	return {
		year: period.year,
		byCategory: breakdown.byCategory,
		total: breakdown.total,
		byChannel: breakdown.byChannel,
		participantsCounted,
		participantsTotal: participantsCounted.reduce((n, r) => n + r.count, 0),
		verifiedActivities: Number(totals.find((r) => r.group === '*')?.count ?? 0)
	};
}

export const ReachQuery = z.object({
	unit: z
		.string()
		.trim()
		.min(1)
		.max(40)
		.regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, hyphen, underscore'),
	period: z.string().trim().min(1).max(20)
});
export type ReachQuery = z.infer<typeof ReachQuery>;

const ReachRowSchema = z.object({ register: z.number().int(), reached: z.number().int(), share: z.number().nullable() });
const categoryCounts = z.object({ poor: z.number().int(), near_poor: z.number().int(), escaped: z.number().int(), none: z.number().int() });

export const ReachView = z.object({
	unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
	period: z.object({ key: z.string(), from: z.string(), to: z.string() }),
	year: z.number().int(),
	byCategory: z.array(ReachRowSchema.extend({ category: z.enum(reachCategories) })),
	total: ReachRowSchema,
	byChannel: z.array(z.object({ channel: z.string(), reached: z.number().int(), byCategory: categoryCounts })),
	participantsCounted: z.array(z.object({ group: z.string(), count: z.number().int() })),
	participantsTotal: z.number().int(),
	verifiedActivities: z.number().int(),
	/** Whether the actor may open the names of the households not reached yet (the households list). */
	namesAvailable: z.boolean()
});
export type ReachView = z.infer<typeof ReachView>;

/** Reach is numbers: it needs the activities and the household counts of the unit. */
export const canSeeReach = (actor: Actor, unitPath: string) => can(actor, 'activities.read', unitPath) && can(actor, 'households.counts', unitPath);

/** The unit of a code; NOT_FOUND when there is none. */
export async function reachUnit(db: Db, code: string) {
	const row = /^[A-Za-z0-9._-]{1,40}$/.test(code) ? await selectUnitByCode(db, code) : undefined;
	if (!row) throw new AppError('NOT_FOUND', 'unit.notFound', { code: code.slice(0, 40) });
	return row.unit;
}

/**
 * Reach of a unit in a period for the actor: numbers only, never names (counts-only actors get
 * exactly what everyone gets). 400 for a bad period, 404 for an unknown unit, 403 out of reach.
 */
export async function getReach(ctx: { db: Db; actor: Actor }, query: ReachQuery): Promise<ReachView> {
	const period = requirePeriod(query.period);
	const unit = await reachUnit(ctx.db, query.unit);
	if (!canSeeReach(ctx.actor, unit.path)) throw forbidden();
	const figures = await computeReach(ctx.db, { unitPath: unit.path }, period);
	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		period: { key: period.key, from: period.from, to: period.to },
		...figures,
		namesAvailable: can(ctx.actor, 'households.read', unit.path)
	};
}

/**
 * Reach of a unit in the present year for the unit's page: null when the actor may not see it
 * (the page then shows no chart) or the unit is unknown.
 */
export async function reachOfYear(ctx: { db: Db; actor: Actor }, unitCode: string, at: Date = new Date()): Promise<ReachView | null> {
	const row = /^[A-Za-z0-9._-]{1,40}$/.test(unitCode) ? await selectUnitByCode(ctx.db, unitCode) : undefined;
	if (!row || !canSeeReach(ctx.actor, row.unit.path)) return null;
	return getReach(ctx, { unit: row.unit.code, period: today(at).slice(0, 4) });
}
