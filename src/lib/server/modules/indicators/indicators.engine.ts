import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { today, type Period } from '../../periods';
import { monthMask, rowsOf, shareOf, type ReachCategory, type ReachScope } from '../activities/activities.reach';
import { childKeyOf, resolveScope, textArray, uuidArray, type ResolvedScope } from './indicators.scope';

/**
 * The indicator engine: one place that turns records into the catalogue's computed indicators
 * (table `indicators`) for a unit's scope and a period, in total, by month or by the scope's
 * children. Plan versus actual, reports and dashboards use it.
 *
 * Scope: the records of every unit under the unit, and of every unit merged into one of those
 * (indicators.scope.ts), so a commune merged in 2025 counts under its successor for all years.
 *
 * What counts:
 * - Activities count when DONE or VERIFIED (planned ones do not): an activity that took place is
 *   reported while its verification is pending. Household reach is the exception and counts
 *   VERIFIED activities only (DOMAIN.md "Reach"), through household_reach.
 * - An activity belongs to a scope when its unit is in the scope or it is an activity of one of
 *   the scope's ancestors that covered a unit in it (covered_unit_ids); its date decides the
 *   period. Activity figures of the scope's own units are read from indicator_month_figures, which
 *   the database keeps (indicators.tables.ts); covering activities of ancestors from activities.
 * - Published content (articles, social posts) counts once per item by its publication date in
 *   Việt Nam; an activity of the same channel counts only when it carries no content item, so
 *   an article logged as a portal activity too is not counted twice.
 * - Bulletins broadcast: loudspeaker activities, plus plays confirmed on a station's schedule that
 *   have not yet become an activity.
 * - Leaflets handed out: distributions recorded per unit, plus `materials[].handedOut` of
 *   activities that are not the activity of a distribution.
 * - Dialogues and training courses: activities of channel `dialogue` / `training`. Participants
 *   of an activity: the sum of its counts by group when it has any, else the number of households
 *   it records.
 * - Households reached (by category, all, and as a share of the register of the period's year):
 *   distinct households of the scope reached by a verified activity dated in the period, read
 *   from reach_period_counts (kept by the database from household_reach, per unit and standard
 *   period) and reach_register_counts.
 * - Feedback (not merged into another item) by its date of receipt in Việt Nam: received;
 *   answered on time (first answer on or before the due date); answered late; overdue (no answer
 *   yet and due before today). Received = on time + late + overdue + still within the deadline.
 * - Exemplary stories: published stories by their publication date in Việt Nam.
 * - Spending: APPROVED spending lines (budget module) by the date spent, in total and by funding
 *   source (`spending_<source>`), integer đồng, of activities in the scope.
 * - Entered figures (kind `manual`) are null with status `manual`.
 */

export type IndicatorStatus = 'computed' | 'not_available' | 'manual';

export interface IndicatorFigure {
	code: string;
	value: number | null;
	status: IndicatorStatus;
}

/** The records behind a figure, by kind. */
export interface IndicatorRecords {
	activityIds: string[];
	contentIds: string[];
	broadcastIds: string[];
	distributionIds: string[];
	feedbackIds: string[];
	storyIds: string[];
	spendingLineIds: string[];
}

const emptyRecords = (): IndicatorRecords => ({ activityIds: [], contentIds: [], broadcastIds: [], distributionIds: [], feedbackIds: [], storyIds: [], spendingLineIds: [] });

/** Activity statuses that count for activity figures (reach counts verified only). */
export const countedActivityStatuses = ['done', 'verified'] as const;

/** Columns of indicator_month_figures. */
type Measure = 'activities' | 'activities_no_content' | 'participants' | 'handed_out';
type FeedbackWhich = 'received' | 'on_time' | 'late' | 'overdue';

type Part =
	| { kind: 'activities'; channels: string[] | null; measure: Measure }
	| { kind: 'content'; contentKind: 'article' | 'social_post' }
	| { kind: 'distributions' }
	| { kind: 'broadcasts' }
	| { kind: 'feedback'; which: FeedbackWhich }
	| { kind: 'stories' }
	| { kind: 'spending'; source: string | null };

type Definition =
	| { kind: 'parts'; parts: Part[] }
	| { kind: 'reach'; category: Exclude<ReachCategory, 'none'> | 'all'; measure: 'reached' | 'share' }
	| { kind: 'not_available' }
	| { kind: 'manual' };

const acts = (channels: string[] | null, measure: Measure): Part => ({ kind: 'activities', channels, measure });

/** The funding sources of the catalogue seed; `spending_<code>` of any other source is computed too. */
const seededSources = ['central_programme', 'local_budget', 'legal_dissemination', 'socialised'];

/** Computed indicators of the catalogue; any other code is `not_available` until defined here. */
const definitions: Record<string, Definition> = {
	bulletins_broadcast: { kind: 'parts', parts: [acts(['loudspeaker'], 'activities'), { kind: 'broadcasts' }] },
	articles_published: { kind: 'parts', parts: [{ kind: 'content', contentKind: 'article' }, acts(['portal'], 'activities_no_content')] },
	social_posts_published: { kind: 'parts', parts: [{ kind: 'content', contentKind: 'social_post' }, acts(['facebook', 'zalo'], 'activities_no_content')] },
	dialogues_held: { kind: 'parts', parts: [acts(['dialogue'], 'activities')] },
	dialogue_participants: { kind: 'parts', parts: [acts(['dialogue'], 'participants')] },
	leaflets_distributed: { kind: 'parts', parts: [{ kind: 'distributions' }, acts(null, 'handed_out')] },
	events_held: { kind: 'parts', parts: [acts(['contest'], 'activities')] },
	conferences_held: { kind: 'parts', parts: [acts(['conference'], 'activities')] },
	trainings_held: { kind: 'parts', parts: [acts(['training'], 'activities')] },
	trainees: { kind: 'parts', parts: [acts(['training'], 'participants')] },
	households_reached: { kind: 'reach', category: 'all', measure: 'reached' },
	households_reached_poor: { kind: 'reach', category: 'poor', measure: 'reached' },
	households_reached_near_poor: { kind: 'reach', category: 'near_poor', measure: 'reached' },
	households_reached_escaped: { kind: 'reach', category: 'escaped', measure: 'reached' },
	share_households_reached: { kind: 'reach', category: 'all', measure: 'share' },
	share_poor_reached: { kind: 'reach', category: 'poor', measure: 'share' },
	share_near_poor_reached: { kind: 'reach', category: 'near_poor', measure: 'share' },
	feedback_received: { kind: 'parts', parts: [{ kind: 'feedback', which: 'received' }] },
	feedback_answered_on_time: { kind: 'parts', parts: [{ kind: 'feedback', which: 'on_time' }] },
	feedback_answered_late: { kind: 'parts', parts: [{ kind: 'feedback', which: 'late' }] },
	feedback_overdue: { kind: 'parts', parts: [{ kind: 'feedback', which: 'overdue' }] },
	stories_published: { kind: 'parts', parts: [{ kind: 'stories' }] },
	spending: { kind: 'parts', parts: [{ kind: 'spending', source: null }] },
	...Object.fromEntries(seededSources.map((s) => [`spending_${s}`, { kind: 'parts', parts: [{ kind: 'spending', source: s }] } satisfies Definition])),
	communicators_network: { kind: 'manual' }
};

/** The codes the engine computes from records. */
export const computedIndicatorCodes = Object.entries(definitions)
	.filter(([, d]) => d.kind === 'parts' || d.kind === 'reach')
	.map(([code]) => code);

/** Codes that need the household register's counts (reach), not only activities. */
export const reachIndicatorCodes = Object.entries(definitions)
	.filter(([, d]) => d.kind === 'reach')
	.map(([code]) => code);

function definitionOf(code: string): Definition {
	const known = definitions[code];
	if (known) return known;
	const source = /^spending_([a-z0-9_]{1,40})$/.exec(code)?.[1];
	return source ? { kind: 'parts', parts: [{ kind: 'spending', source }] } : { kind: 'not_available' };
}

/**
 * How figures are broken down: not at all, by month (`YYYY-MM`), by the scope's children (unit
 * id), or by both (`<unit id>|YYYY-MM`, what a dashboard adds up both ways).
 */
export type Grouping = 'none' | 'month' | 'child' | 'child_month';

const byChildKey = (grouping: Grouping) => grouping === 'child' || grouping === 'child_month';

const monthsOf = (period: Pick<Period, 'from' | 'to'>) => ({ m1: Number(period.from.slice(5, 7)), m2: Number(period.to.slice(5, 7)) });

/** The scope's ids and row keys as array parameters, worked out once per scope (a province's 1,100 units go into every statement). */
const relationParams = new WeakMap<ResolvedScope, { ids: SQL; byChild?: SQL; none?: SQL }>();

/** The scope as a relation `s(id, k)`: unit id and its row key in the grouping. */
function scopeRelation(scope: ResolvedScope, grouping: Grouping): SQL {
	let cached = relationParams.get(scope);
	if (!cached) relationParams.set(scope, (cached = { ids: uuidArray(scope.units.map((u) => u.id)) }));
	let keys: SQL;
	if (byChildKey(grouping)) {
		if (!cached.byChild) {
			const paths = new Map(scope.units.map((u) => [u.id, u.path]));
			cached.byChild = textArray(scope.units.map((u) => childKeyOf(scope, u, (id) => paths.get(id))));
		}
		keys = cached.byChild;
	} else keys = cached.none ??= textArray(scope.units.map(() => ''));
	return sql`unnest(${cached.ids}, ${keys}) AS s(id, k)`;
}

/** The key expression of a record dated by `dateExpr` (a date) in the grouping. */
const keyOf = (grouping: Grouping, dateExpr: SQL): SQL =>
	grouping === 'month' ? sql`to_char(${dateExpr}, 'YYYY-MM')` : grouping === 'child_month' ? sql`s.k || '|' || to_char(${dateExpr}, 'YYYY-MM')` : sql`s.k`;
const vnDate = (ts: SQL) => sql`(${ts} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
const inPeriod = (d: SQL, period: Period) => sql`${d} BETWEEN ${period.from}::date AND ${period.to}::date`;

const measureOfActivity: Record<Measure, SQL> = {
	activities: sql`1`,
	activities_no_content: sql`CASE WHEN a.content_id IS NULL THEN 1 ELSE 0 END`,
	participants: sql`CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
		THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
		ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END`,
	handed_out: sql`CASE WHEN EXISTS (SELECT 1 FROM content_distributions d WHERE d.activity_id = a.id) THEN 0
		ELSE COALESCE((SELECT sum((m->>'handedOut')::bigint) FROM jsonb_array_elements(a.materials) m WHERE jsonb_typeof(m->'handedOut') = 'number'), 0) END`
};

/** Covering activities of the scope's ancestors (with their keys: every key whose units they covered). */
function coveringActivities(scope: ResolvedScope, period: Period, grouping: Grouping): SQL {
	return sql`SELECT DISTINCT a.id, a.channel_code, a.content_id, a.materials, ${keyOf(grouping, sql`a.date`)} AS k
		FROM activities a JOIN ${scopeRelation(scope, grouping)} ON s.id = ANY(a.covered_unit_ids)
		WHERE a.unit_id = ANY(${uuidArray(scope.ancestorIds)}) AND a.status IN ('done', 'verified') AND ${inPeriod(sql`a.date`, period)}`;
}

type ActivityPart = Extract<Part, { kind: 'activities' }>;

/**
 * Sums of the activity parts asked for, by key: the month figures of the scope's units plus
 * covering activities, one column per part (its measure over its channels), so the database adds
 * up to one row per key rather than one per key and channel.
 */
async function activityFigures(db: Db, scope: ResolvedScope, period: Period, grouping: Grouping, parts: ActivityPart[]): Promise<Map<ActivityPart, Map<string, number>>> {
	const { m1, m2 } = monthsOf(period);
	const month = sql`${`${period.year}-`} || lpad(t.month::text, 2, '0')`;
	const monthKey = grouping === 'month' ? month : grouping === 'child_month' ? sql`s.k || '|' || ${month}` : sql`s.k`;
	const groupBy = grouping === 'month' ? sql`t.month` : grouping === 'child_month' ? sql`s.k, t.month` : sql`s.k`;
	const column = (p: ActivityPart, i: number, value: SQL, channel: SQL) =>
		sql`COALESCE(sum(${value}) ${p.channels ? sql`FILTER (WHERE ${channel} = ANY(${textArray(p.channels)}))` : sql``}, 0)::bigint AS ${sql.raw(`p${i}`)}`;
	const own = sql`SELECT ${monthKey} AS k, ${sql.join(
		parts.map((p, i) => column(p, i, sql.raw(`t.${p.measure}`), sql`t.channel_code`)),
		sql`, `
	)}
		FROM indicator_month_figures t JOIN ${scopeRelation(scope, grouping)} ON s.id = t.unit_id
		WHERE t.year = ${period.year}::int AND t.month BETWEEN ${m1}::int AND ${m2}::int GROUP BY ${groupBy}`;
	const rows = await rowsOf<Record<string, string | number>>(db, own);
	if (scope.ancestorIds.length) {
		const covering = await rowsOf<Record<string, string | number>>(
			db,
			sql`SELECT a.k, ${sql.join(
				parts.map((p, i) => column(p, i, measureOfActivity[p.measure], sql`a.channel_code`)),
				sql`, `
			)}
			FROM (${coveringActivities(scope, period, grouping)}) a GROUP BY 1`
		);
		rows.push(...covering);
	}
	return new Map(
		parts.map((p, i) => {
			const m = new Map<string, number>();
			for (const r of rows) m.set(String(r.k), (m.get(String(r.k)) ?? 0) + Number(r[`p${i}`]));
			return [p, m];
		})
	);
}

const feedbackFilter: Record<FeedbackWhich, (todayVn: string) => SQL> = {
	received: () => sql`true`,
	on_time: () => sql`f.first_answered_at IS NOT NULL AND ${vnDate(sql`f.first_answered_at`)} <= f.due_date`,
	late: () => sql`f.first_answered_at IS NOT NULL AND ${vnDate(sql`f.first_answered_at`)} > f.due_date`,
	overdue: (t) => sql`f.first_answered_at IS NULL AND f.due_date < ${t}::date`
};

/** The selection of a non-activity part: `FROM … WHERE …` with `key` the row key and `id` the record. */
function partSelection(part: Exclude<Part, { kind: 'activities' }>, scope: ResolvedScope, period: Period, grouping: Grouping, now: string): { key: SQL; id: SQL; value: SQL; from: SQL; order: SQL } {
	const rel = scopeRelation(scope, grouping);
	switch (part.kind) {
		case 'content': {
			const d = vnDate(sql`ci.published_at`);
			return {
				key: keyOf(grouping, d),
				id: sql`ci.id`,
				value: sql`1`,
				order: sql`ci.published_at, ci.id`,
				from: sql`FROM content_items ci JOIN ${rel} ON s.id = ci.unit_id
					WHERE ci.kind = ${part.contentKind} AND ci.status = 'published' AND ci.published_at IS NOT NULL AND ${inPeriod(d, period)}`
			};
		}
		case 'distributions':
			return {
				key: keyOf(grouping, sql`d.distributed_on`),
				id: sql`d.id`,
				value: sql`d.quantity`,
				order: sql`d.distributed_on, d.id`,
				from: sql`FROM content_distributions d JOIN ${rel} ON s.id = d.unit_id WHERE ${inPeriod(sql`d.distributed_on`, period)}`
			};
		case 'broadcasts':
			return {
				key: keyOf(grouping, sql`b.date`),
				id: sql`b.id`,
				value: sql`1`,
				order: sql`b.date, b.id`,
				from: sql`FROM broadcasts b JOIN stations st ON st.id = b.station_id JOIN ${rel} ON s.id = st.unit_id
					WHERE b.status = 'played' AND b.activity_id IS NULL AND ${inPeriod(sql`b.date`, period)}`
			};
		case 'feedback': {
			const d = vnDate(sql`f.received_at`);
			return {
				key: keyOf(grouping, d),
				id: sql`f.id`,
				value: sql`1`,
				order: sql`f.received_at, f.id`,
				from: sql`FROM feedback_items f JOIN ${rel} ON s.id = f.unit_id
					WHERE f.merged_into_id IS NULL
					AND f.received_at >= ${`${period.from}T00:00:00+07:00`}::timestamptz AND f.received_at < (${period.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
					AND ${feedbackFilter[part.which](now)}`
			};
		}
		case 'stories': {
			const d = vnDate(sql`st.published_at`);
			return {
				key: keyOf(grouping, d),
				id: sql`st.id`,
				value: sql`1`,
				order: sql`st.published_at, st.id`,
				from: sql`FROM stories st JOIN ${rel} ON s.id = st.unit_id WHERE st.status = 'published' AND st.published_at IS NOT NULL AND ${inPeriod(d, period)}`
			};
		}
		case 'spending':
			return {
				key: keyOf(grouping, sql`sl.spent_on`),
				id: sql`sl.id`,
				value: sql`sl.amount`,
				order: sql`sl.spent_on, sl.id`,
				from: sql`FROM spending_lines sl JOIN activities a ON a.id = sl.activity_id JOIN ${rel} ON s.id = a.unit_id
					WHERE sl.status = 'approved' AND ${inPeriod(sql`sl.spent_on`, period)} ${part.source ? sql`AND sl.source_code = ${part.source}` : sql``}`
			};
	}
}


const categoriesCounted = ['poor', 'near_poor', 'escaped', 'none'] as const;

/**
 * Households of the scope: the register of the period's year by category, and those reached in
 * the period, by key and channel (`*`: any channel), from reach_period_counts and
 * reach_register_counts, which the database keeps from household_reach and the register. By
 * month, the register is the year's and a household counts in every month it was reached.
 */
async function reachCells(db: Db, scope: ResolvedScope, period: Period, grouping: Grouping, channels: 'any' | 'each') {
	const { year, mask } = monthMask(period);
	const { m1, m2 } = monthsOf(period);
	const months = Array.from({ length: m2 - m1 + 1 }, (_, i) => m1 + i);
	const byMonth = grouping === 'month' || grouping === 'child_month';
	const masks = byMonth ? months.map((m) => 1 << (m - 1)) : [mask];
	const rel = scopeRelation(scope, grouping);
	const channel = channels === 'any' ? sql`AND t.channel_code = '*'` : sql``;
	const [reached, register] = await Promise.all([
		rowsOf<{ k: string; mask: number; category: string; channel: string; n: number }>(
			db,
			sql`SELECT s.k, t.mask, t.category, t.channel_code AS channel, sum(t.reached)::int AS n
				FROM reach_period_counts t JOIN ${rel} ON s.id = t.unit_id
				WHERE t.year = ${year}::int AND t.mask = ANY(${`{${masks.join(',')}}`}::int[]) ${channel}
				GROUP BY 1, 2, 3, 4`
		),
		rowsOf<{ k: string; category: string; n: number }>(
			db,
			sql`SELECT s.k, t.category, sum(t.households)::int AS n
				FROM reach_register_counts t JOIN ${rel} ON s.id = t.unit_id
				WHERE t.year = ANY(${`{${period.year},0}`}::int[])
				GROUP BY 1, 2`
		)
	]);
	const monthOfMask = (m: number) => `${period.year}-${String(Math.log2(m) + 1).padStart(2, '0')}`;
	const keyOfMask = (k: string, m: number) => (grouping === 'month' ? monthOfMask(m) : grouping === 'child_month' ? `${k}|${monthOfMask(m)}` : k);
	return { reached: reached.map((r) => ({ key: keyOfMask(r.k, Number(r.mask)), category: r.category, channel: r.channel, n: Number(r.n) })), register: register.map((r) => ({ key: r.k, category: r.category, n: Number(r.n) })) };
}

/** Register by category of a key's households (`none`: those without a classification that year). */
function registerOf(register: { key: string; category: string; n: number }[], key: string | null) {
	const rows = register.filter((r) => key === null || r.key === key);
	const by = Object.fromEntries(categoriesCounted.map((c) => [c, 0])) as Record<ReachCategory, number>;
	let total = 0;
	for (const r of rows) {
		if (r.category === '*') total += r.n;
		else if (r.category in by) by[r.category as ReachCategory] += r.n;
	}
	by.none = Math.max(0, total - by.poor - by.near_poor - by.escaped);
	return { by, total };
}

export interface ReachGrid {
	/** By key: register and reached by category (`all` for every household). */
	get(key: string, category: Exclude<ReachCategory, 'none'> | 'all'): { register: number; reached: number };
}

async function reachGrid(db: Db, scope: ResolvedScope, period: Period, grouping: Grouping): Promise<ReachGrid> {
	const cells = await reachCells(db, scope, period, grouping, 'any');
	return {
		get(key, category) {
			const reg = registerOf(cells.register, grouping === 'month' ? null : grouping === 'child_month' ? key.split('|')[0] : key);
			const reached = cells.reached.filter((r) => r.key === key && (category === 'all' || r.category === category)).reduce((n, r) => n + r.n, 0);
			return { register: category === 'all' ? reg.total : reg.by[category], reached };
		}
	};
}

export interface ReachBreakdown {
	byCategory: { category: ReachCategory; register: number; reached: number; share: number | null }[];
	total: { register: number; reached: number; share: number | null };
	byChannel: { channel: string; reached: number; byCategory: Record<ReachCategory, number> }[];
}

/**
 * Households reached of a scope (with the units merged into it) and period, by category and by
 * channel (a household counts once per channel), read from the kept counts.
 */
export async function computeReachBreakdown(db: Db, scope: ReachScope | ResolvedScope, period: Period): Promise<ReachBreakdown> {
	await flushIndicatorFigures(db);
	const resolved = 'units' in scope ? scope : await resolveScope(db, scope.unitPath);
	const cells = resolved.units.length ? await reachCells(db, resolved, period, 'none', 'each') : { reached: [], register: [] };
	return breakdownOf(cells.reached, cells.register);
}

/** The breakdown of reached rows of one period (summed over their keys) and the register. */
function breakdownOf(reachedRows: { category: string; channel: string; n: number }[], register: { key: string; category: string; n: number }[]): ReachBreakdown {
	const cells = { reached: reachedRows };
	const reg = registerOf(register, null);
	const any = cells.reached.filter((r) => r.channel === '*');
	const byCategory = categoriesCounted.map((category) => {
		const reached = any.filter((r) => r.category === category).reduce((n, r) => n + r.n, 0);
		return { category, register: reg.by[category], reached, share: shareOf(reached, reg.by[category]) };
	});
	const reachedTotal = byCategory.reduce((n, r) => n + r.reached, 0);
	const channels = new Map<string, { channel: string; reached: number; byCategory: Record<ReachCategory, number> }>();
	for (const r of cells.reached.filter((r) => r.channel !== '*')) {
		const entry = channels.get(r.channel) ?? { channel: r.channel, reached: 0, byCategory: { poor: 0, near_poor: 0, escaped: 0, none: 0 } };
		const category = (categoriesCounted as readonly string[]).includes(r.category) ? (r.category as ReachCategory) : 'none';
		entry.byCategory[category] += r.n;
		entry.reached += r.n;
		channels.set(r.channel, entry);
	}
	return {
		byCategory,
		total: { register: reg.total, reached: reachedTotal, share: shareOf(reachedTotal, reg.total) },
		byChannel: [...channels.values()].sort((a, b) => b.reached - a.reached || a.channel.localeCompare(b.channel))
	};
}

/** Folds the changes written since the last read into indicator_month_figures and the reach counts (see their tables). */
export async function flushIndicatorFigures(db: Db): Promise<void> {
	await db.execute(sql`SELECT indicator_month_flush(), reach_counts_flush()`);
}

/**
 * Figures of the given codes by key of the grouping: '' for none, `YYYY-MM` for month, the child
 * unit's id (or the root's for the root's own records) for child. Keys without records are absent
 * (their figures are 0 for counts).
 */
export async function computeIndicatorGrid(
	db: Db,
	scope: ReachScope | ResolvedScope,
	period: Period,
	codes: readonly string[],
	grouping: Grouping
): Promise<Map<string, IndicatorFigure[]>> {
	await flushIndicatorFigures(db);
	const resolved = 'units' in scope ? scope : await resolveScope(db, scope.unitPath);
	return gridOf(db, resolved, period, codes, grouping);
}

/** computeIndicatorGrid on a resolved scope, the kept figures already flushed. */
async function gridOf(db: Db, resolved: ResolvedScope, period: Period, codes: readonly string[], grouping: Grouping): Promise<Map<string, IndicatorFigure[]>> {
	const unique = [...new Set(codes)];
	const defs = new Map(unique.map((c) => [c, definitionOf(c)]));
	const now = today();
	const keys = new Set<string>();
	const activityParts = [...new Set([...defs.values()].flatMap((d) => (d.kind === 'parts' ? d.parts.filter((p): p is ActivityPart => p.kind === 'activities') : [])))];
	const parts = [...new Set([...defs.values()].flatMap((d) => (d.kind === 'parts' ? d.parts.filter((p) => p.kind !== 'activities') : [])))] as Exclude<Part, { kind: 'activities' }>[];
	const partValues = new Map<Part, Map<string, number>>();
	const any = resolved.units.length > 0;
	// Feedback parts in one statement, spending parts in one (by source); the rest one each; all at once.
	const feedbackParts = parts.filter((p): p is Extract<Part, { kind: 'feedback' }> => p.kind === 'feedback');
	const spendingParts = parts.filter((p): p is Extract<Part, { kind: 'spending' }> => p.kind === 'spending');
	const single = parts.filter((p) => p.kind !== 'feedback' && p.kind !== 'spending');
	const feedbackQuery = async () => {
		if (!feedbackParts.length) return;
		const s = partSelection({ kind: 'feedback', which: 'received' }, resolved, period, grouping, now);
		const cols = feedbackParts.map((p, i) => sql`count(*) FILTER (WHERE ${feedbackFilter[p.which](now)})::bigint AS ${sql.raw(`f${i}`)}`);
		const rows = await rowsOf<Record<string, string | number>>(db, sql`SELECT ${s.key} AS k, ${sql.join(cols, sql`, `)} ${s.from} GROUP BY 1`);
		feedbackParts.forEach((p, i) => partValues.set(p, new Map(rows.map((r) => [String(r.k), Number(r[`f${i}`])]))));
		rows.forEach((r) => keys.add(String(r.k)));
	};
	const spendingQuery = async () => {
		if (!spendingParts.length) return;
		const s = partSelection({ kind: 'spending', source: null }, resolved, period, grouping, now);
		const rows = await rowsOf<{ k: string; source: string; v: string | number }>(db, sql`SELECT ${s.key} AS k, sl.source_code AS source, sum(sl.amount)::bigint AS v ${s.from} GROUP BY 1, 2`);
		for (const p of spendingParts) {
			const m = new Map<string, number>();
			for (const r of rows) if (!p.source || r.source === p.source) m.set(r.k, (m.get(r.k) ?? 0) + Number(r.v));
			partValues.set(p, m);
		}
		rows.forEach((r) => keys.add(r.k));
	};
	const singleQuery = async (part: Exclude<Part, { kind: 'activities' }>) => {
		const s = partSelection(part, resolved, period, grouping, now);
		const rows = await rowsOf<{ k: string; v: string | number }>(db, sql`SELECT ${s.key} AS k, COALESCE(sum(${s.value}), 0)::bigint AS v ${s.from} GROUP BY 1`);
		partValues.set(part, new Map(rows.map((r) => [r.k, Number(r.v)])));
		rows.forEach((r) => keys.add(r.k));
	};
	const needsReach = [...defs.values()].some((d) => d.kind === 'reach') && any;
	const [activityValues, reach] = await Promise.all([
		activityParts.length && any ? activityFigures(db, resolved, period, grouping, activityParts) : Promise.resolve(new Map<ActivityPart, Map<string, number>>()),
		needsReach ? reachGrid(db, resolved, period, grouping) : Promise.resolve(null),
		...(any ? [feedbackQuery(), spendingQuery(), ...single.map(singleQuery)] : [])
	]);
	for (const [part, values] of activityValues) {
		partValues.set(part, values);
		for (const k of values.keys()) keys.add(k);
	}
	if (grouping === 'none') keys.add('');
	if (grouping === 'month') {
		const { m1, m2 } = monthsOf(period);
		for (let m = m1; m <= m2; m++) keys.add(`${period.year}-${String(m).padStart(2, '0')}`);
	}
	const out = new Map<string, IndicatorFigure[]>();
	for (const key of keys) {
		const figures: IndicatorFigure[] = [];
		for (const code of codes) {
			const def = defs.get(code)!;
			if (def.kind === 'not_available' || def.kind === 'manual') figures.push({ code, value: null, status: def.kind });
			else if (def.kind === 'reach') {
				const cell = reach?.get(key, def.category) ?? { register: 0, reached: 0 };
				figures.push({ code, value: def.measure === 'reached' ? cell.reached : shareOf(cell.reached, cell.register), status: 'computed' });
			} else {
				let value = 0;
				for (const part of def.parts) value += partValues.get(part)?.get(key) ?? 0;
				figures.push({ code, value, status: 'computed' });
			}
		}
		out.set(key, figures);
	}
	return out;
}

export interface DashboardFigures {
	/** By month (`YYYY-MM`, every month of the period): the month codes. */
	byMonth: Map<string, IndicatorFigure[]>;
	/** By child of the scope (unit id; the root's id for its own records): the child codes. */
	byChild: Map<string, IndicatorFigure[]>;
	/** Reach of the whole period by category and channel, when asked for. */
	reach: ReachBreakdown | null;
}

/**
 * What a dashboard shows, each source read once: the additive figures by child and month
 * (`child_month`), then added up by month and by child; households reached from one read of the
 * kept counts for the period's mask (every channel) and its months (any channel), and one of the
 * register. The same figures as computeIndicatorGrid by month and by child and
 * computeReachBreakdown, in about half the statements and rows.
 */
export async function computeDashboardFigures(
	db: Db,
	scope: ResolvedScope,
	period: Period,
	monthCodes: readonly string[],
	childCodes: readonly string[],
	withReach: boolean
): Promise<DashboardFigures> {
	await flushIndicatorFigures(db);
	const isReach = (code: string) => definitionOf(code).kind === 'reach';
	const additive = [...new Set([...monthCodes, ...childCodes])].filter((c) => !isReach(c));
	const wantsReach = scope.units.length > 0 && (withReach || [...monthCodes, ...childCodes].some(isReach));
	const { year, mask } = monthMask(period);
	const { m1, m2 } = monthsOf(period);
	const months = Array.from({ length: m2 - m1 + 1 }, (_, i) => m1 + i);
	const monthKeys = months.map((m) => `${period.year}-${String(m).padStart(2, '0')}`);
	const rel = scopeRelation(scope, 'child');
	const masks = [...new Set([mask, ...months.map((m) => 1 << (m - 1))])];
	const [cells, reachedRows, channelRows, registerRows] = await Promise.all([
		gridOf(db, scope, period, additive, 'child_month'),
		// Any channel, by child, for the period and each of its months (reach_period_counts_covering_idx).
		wantsReach
			? rowsOf<{ k: string; mask: number; category: string; n: number }>(
					db,
					sql`SELECT s.k, t.mask, t.category, sum(t.reached)::int AS n
						FROM reach_period_counts t JOIN ${rel} ON s.id = t.unit_id
						WHERE t.year = ${year}::int AND t.mask = ANY(${`{${masks.join(',')}}`}::int[]) AND t.channel_code = '*'
						GROUP BY s.k, t.mask, t.category`
				)
			: Promise.resolve([]),
		// Each channel, for the whole scope and period: the breakdown by channel.
		withReach && scope.units.length
			? rowsOf<{ category: string; channel: string; n: number }>(
					db,
					sql`SELECT t.category, t.channel_code AS channel, sum(t.reached)::int AS n
						FROM reach_period_counts t
						WHERE t.year = ${year}::int AND t.mask = ${mask}::int AND t.unit_id = ANY(${uuidArray(scope.units.map((u) => u.id))})
						GROUP BY 1, 2`
				)
			: Promise.resolve([]),
		wantsReach
			? rowsOf<{ k: string; category: string; n: number }>(
					db,
					sql`SELECT s.k, t.category, sum(t.households)::int AS n
						FROM reach_register_counts t JOIN ${rel} ON s.id = t.unit_id
						WHERE t.year = ANY(${`{${period.year},0}`}::int[])
						GROUP BY 1, 2`
				)
			: Promise.resolve([])
	]);
	const reached = reachedRows.map((r) => ({ key: r.k, mask: Number(r.mask), category: r.category, channel: '*', n: Number(r.n) }));
	const register = registerRows.map((r) => ({ key: r.k, category: r.category, n: Number(r.n) }));
	const index = new Map(additive.map((c, i) => [c, i]));
	// Additive figures summed over the cells whose key part (child or month) matches.
	const sums = (part: 0 | 1) => {
		const out = new Map<string, number[]>();
		for (const [key, figures] of cells) {
			const k = key.split('|')[part];
			const acc = out.get(k) ?? additive.map(() => 0);
			figures.forEach((f, i) => (acc[i] += f.value ?? 0));
			out.set(k, acc);
		}
		return out;
	};
	const reachFigure = (code: string, rows: typeof reached, reg: ReturnType<typeof registerOf>): IndicatorFigure => {
		const def = definitionOf(code) as Extract<Definition, { kind: 'reach' }>;
		const n = rows.filter((r) => r.channel === '*' && (def.category === 'all' || r.category === def.category)).reduce((x, r) => x + r.n, 0);
		const base = def.category === 'all' ? reg.total : reg.by[def.category];
		return { code, value: def.measure === 'reached' ? n : shareOf(n, base), status: 'computed' };
	};
	const figuresOf = (codes: readonly string[], values: number[] | undefined, reach: () => { rows: typeof reached; reg: ReturnType<typeof registerOf> }): IndicatorFigure[] =>
		codes.map((code) => {
			const def = definitionOf(code);
			if (def.kind === 'not_available' || def.kind === 'manual') return { code, value: null, status: def.kind };
			if (def.kind === 'reach') {
				const { rows, reg } = reach();
				return reachFigure(code, rows, reg);
			}
			return { code, value: values?.[index.get(code)!] ?? 0, status: 'computed' };
		});
	const total = registerOf(register, null);
	const byMonthSums = sums(1);
	const byMonth = new Map(
		monthKeys.map((key, i) => {
			const bit = 1 << (months[i] - 1);
			return [key, figuresOf(monthCodes, byMonthSums.get(key), () => ({ rows: reached.filter((r) => r.mask === bit), reg: total }))];
		})
	);
	const byChildSums = sums(0);
	const childKeys = new Set([...byChildSums.keys(), ...reached.map((r) => r.key), ...register.map((r) => r.key)]);
	const byChild = new Map(
		[...childKeys].map((key) => [key, figuresOf(childCodes, byChildSums.get(key), () => ({ rows: reached.filter((r) => r.key === key && r.mask === mask), reg: registerOf(register, key) }))])
	);
	return {
		byMonth,
		byChild,
		reach: withReach ? breakdownOf(channelRows.map((r) => ({ category: r.category, channel: r.channel, n: Number(r.n) })), register) : null
	};
}

/**
 * The figures of the given codes (all of the catalogue's known codes when none are given) for a
 * scope and a period. Every code asked for gets an answer: codes the engine cannot compute come
 * back with `value: null` and why.
 */
export async function computeIndicators(db: Db, scope: ReachScope, period: Period, codes: readonly string[] = Object.keys(definitions)): Promise<IndicatorFigure[]> {
	return (await computeIndicatorGrid(db, scope, period, codes, 'none')).get('')!;
}

/** One indicator's figure (see computeIndicators). */
export async function computeIndicator(db: Db, code: string, scope: ReachScope, period: Period): Promise<IndicatorFigure> {
	return (await computeIndicators(db, scope, period, [code]))[0];
}

/**
 * The records behind a figure: the activities (and content items, distributions, plays, feedback
 * items, stories, spending lines) it was computed from. Empty lists for a code the engine does
 * not compute.
 */
export async function indicatorRecords(db: Db, code: string, scope: ReachScope, period: Period): Promise<IndicatorRecords> {
	const into = emptyRecords();
	const def = definitionOf(code);
	const resolved = await resolveScope(db, scope.unitPath);
	if (!resolved.units.length) return into;
	const rel = scopeRelation(resolved, 'none');
	const now = today();
	if (def.kind === 'parts') {
		for (const part of def.parts) {
			if (part.kind === 'activities') {
				const channel = part.channels ? sql`AND a.channel_code = ANY(${textArray(part.channels)})` : sql``;
				const positive = part.measure === 'activities_no_content' || part.measure === 'handed_out' ? sql`AND ${measureOfActivity[part.measure]} > 0` : sql``;
				const rows = await rowsOf<{ id: string; date: string }>(
					db,
					sql`SELECT a.id, a.date::text AS date FROM activities a JOIN ${rel} ON s.id = a.unit_id
						WHERE a.status IN ('done', 'verified') AND ${inPeriod(sql`a.date`, period)} ${channel} ${positive}`
				);
				if (resolved.ancestorIds.length)
					rows.push(
						...(await rowsOf<{ id: string; date: string }>(
							db,
							sql`SELECT a.id, a.date::text AS date FROM activities a WHERE a.id IN (SELECT x.id FROM (${coveringActivities(resolved, period, 'none')}) x) ${channel} ${positive}`
						))
					);
				rows.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
				into.activityIds.push(...rows.map((r) => r.id));
				continue;
			}
			const s = partSelection(part, resolved, period, 'none', now);
			const extra = part.kind === 'distributions' || part.kind === 'spending' ? sql`, ${part.kind === 'distributions' ? sql`d.activity_id` : sql`sl.activity_id`}` : sql`, NULL::uuid`;
			const rows = await rowsOf<{ id: string; activity_id: string | null }>(db, sql`SELECT ${s.id} AS id ${extra} AS activity_id ${s.from} ORDER BY ${s.order}`);
			const ids = rows.map((r) => r.id);
			if (part.kind === 'content') into.contentIds.push(...ids);
			else if (part.kind === 'distributions') into.distributionIds.push(...ids);
			else if (part.kind === 'broadcasts') into.broadcastIds.push(...ids);
			else if (part.kind === 'feedback') into.feedbackIds.push(...ids);
			else if (part.kind === 'stories') into.storyIds.push(...ids);
			else into.spendingLineIds.push(...ids);
			into.activityIds.push(...rows.flatMap((r) => (r.activity_id ? [r.activity_id] : [])));
		}
	} else if (def.kind === 'reach') {
		const category = def.category === 'all' ? sql`` : sql`JOIN household_classifications c ON c.household_id = h.id AND c.year = ${period.year}::int AND c.category = ${def.category}`;
		const rows = await rowsOf<{ id: string }>(
			db,
			sql`SELECT DISTINCT a.id, a.date FROM activities a
			JOIN activity_households ah ON ah.activity_id = a.id
			JOIN households h ON h.id = ah.household_id AND h.merged_into_id IS NULL
			JOIN ${rel} ON s.id = h.unit_id
			${category}
			WHERE a.status = 'verified' AND ${inPeriod(sql`a.date`, period)}
			ORDER BY a.date, a.id`
		);
		into.activityIds.push(...rows.map((r) => r.id));
	}
	into.activityIds = [...new Set(into.activityIds)];
	return into;
}
