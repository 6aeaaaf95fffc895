import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import type { Period } from '../../periods';
import { activityInScope, computeReach, rowsOf, shareOf, type ReachCategory, type ReachScope } from '../activities/activities.reach';

/**
 * The indicator engine: one place that turns records into the catalogue's computed indicators
 * (table `indicators`) for a unit subtree and a period. Plan versus actual uses it now; reports
 * build on it later.
 *
 * What counts:
 * - Activities count when DONE or VERIFIED (planned ones do not): an activity that took place is
 *   reported while its verification is pending. Household reach is the exception and counts
 *   VERIFIED activities only (DOMAIN.md "Reach"), through activities.reach.ts.
 * - An activity belongs to a scope when its unit is under the scope's unit or it covered a unit
 *   under it (covered_unit_ids); its date decides the period.
 * - Published content (articles, social posts) counts once per item by its publication date in
 *   Việt Nam; an activity of the same channel counts only when it carries no content item, so
 *   an article logged as a portal activity too is not counted twice.
 * - Bulletins broadcast: loudspeaker activities, plus plays confirmed on a station's schedule that
 *   have not yet become an activity.
 * - Leaflets handed out: distributions recorded per village, plus `materials[].handedOut` of
 *   activities that are not the activity of a distribution.
 * - Participants of an activity: the sum of its counts by group when it has any, else the number
 *   of households it records.
 * - Spending: each activity's cost, or the sum of its cost lines when the total is not given
 *   (integer đồng).
 * - Feedback and exemplary stories have no records yet: their value is null with status
 *   `not_available`; entered figures (kind `manual`) are null with status `manual`.
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
}

/** Activity statuses that count for activity figures (reach counts verified only). */
export const countedActivityStatuses = ['done', 'verified'] as const;

type Measure = 'count' | 'participants' | 'cost' | 'handedOut';

type Part =
	| { kind: 'activities'; where: SQL; measure: Measure }
	| { kind: 'content'; contentKind: 'article' | 'social_post' }
	| { kind: 'distributions' }
	| { kind: 'broadcasts' };

type Definition =
	| { kind: 'parts'; parts: Part[] }
	| { kind: 'reach'; category: Exclude<ReachCategory, 'none'>; measure: 'reached' | 'share' }
	| { kind: 'not_available' }
	| { kind: 'manual' };

const channelIs = (...codes: string[]) => sql`a.channel_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`;
const noContent = sql`a.content_id IS NULL`;
const notDistribution = sql`NOT EXISTS (SELECT 1 FROM content_distributions d WHERE d.activity_id = a.id)`;

/** Computed indicators of the catalogue seed; any other code is `not_available` until defined here. */
const definitions: Record<string, Definition> = {
	bulletins_broadcast: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('loudspeaker'), measure: 'count' }, { kind: 'broadcasts' }] },
	articles_published: {
		kind: 'parts',
		parts: [{ kind: 'content', contentKind: 'article' }, { kind: 'activities', where: sql`${channelIs('portal')} AND ${noContent}`, measure: 'count' }]
	},
	social_posts_published: {
		kind: 'parts',
		parts: [
			{ kind: 'content', contentKind: 'social_post' },
			{ kind: 'activities', where: sql`${channelIs('facebook', 'zalo')} AND ${noContent}`, measure: 'count' }
		]
	},
	dialogues_held: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('dialogue'), measure: 'count' }] },
	dialogue_participants: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('dialogue'), measure: 'participants' }] },
	leaflets_distributed: { kind: 'parts', parts: [{ kind: 'distributions' }, { kind: 'activities', where: notDistribution, measure: 'handedOut' }] },
	events_held: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('contest'), measure: 'count' }] },
	conferences_held: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('conference'), measure: 'count' }] },
	trainings_held: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('training'), measure: 'count' }] },
	trainees: { kind: 'parts', parts: [{ kind: 'activities', where: channelIs('training'), measure: 'participants' }] },
	households_reached_poor: { kind: 'reach', category: 'poor', measure: 'reached' },
	households_reached_near_poor: { kind: 'reach', category: 'near_poor', measure: 'reached' },
	households_reached_escaped: { kind: 'reach', category: 'escaped', measure: 'reached' },
	share_poor_reached: { kind: 'reach', category: 'poor', measure: 'share' },
	spending: { kind: 'parts', parts: [{ kind: 'activities', where: sql`true`, measure: 'cost' }] },
	feedback_received: { kind: 'not_available' },
	feedback_answered_on_time: { kind: 'not_available' },
	stories_published: { kind: 'not_available' },
	communicators_network: { kind: 'manual' }
};

/** The codes the engine computes from records today. */
export const computedIndicatorCodes = Object.entries(definitions)
	.filter(([, d]) => d.kind === 'parts' || d.kind === 'reach')
	.map(([code]) => code);

/** Codes that need the household register's counts (reach), not only activities. */
export const reachIndicatorCodes = Object.entries(definitions)
	.filter(([, d]) => d.kind === 'reach')
	.map(([code]) => code);

const definitionOf = (code: string): Definition => definitions[code] ?? { kind: 'not_available' };

const measureSql: Record<Measure, SQL> = {
	count: sql`1`,
	participants: sql`CASE WHEN EXISTS (SELECT 1 FROM activity_counts c WHERE c.activity_id = a.id)
		THEN (SELECT sum(c.count) FROM activity_counts c WHERE c.activity_id = a.id)
		ELSE (SELECT count(*) FROM activity_households h WHERE h.activity_id = a.id) END`,
	cost: sql`COALESCE(a.cost, (SELECT sum(l.amount) FROM activity_costs l WHERE l.activity_id = a.id), 0)`,
	handedOut: sql`COALESCE((SELECT sum((m->>'handedOut')::bigint) FROM jsonb_array_elements(a.materials) m
		WHERE jsonb_typeof(m->'handedOut') = 'number'), 0)`
};

function activitySelection(part: Extract<Part, { kind: 'activities' }>, scope: ReachScope, period: Period): SQL {
	return sql`FROM activities a WHERE a.status IN ('done', 'verified')
		AND a.date BETWEEN ${period.from}::date AND ${period.to}::date AND ${activityInScope(scope)} AND ${part.where}`;
}

const prefixOf = (scope: ReachScope) => escapeLike(scope.unitPath) + '%';

function contentSelection(part: Extract<Part, { kind: 'content' }>, scope: ReachScope, period: Period): SQL {
	return sql`FROM content_items ci JOIN units u ON u.id = ci.unit_id
		WHERE ci.kind = ${part.contentKind} AND ci.status = 'published' AND ci.published_at IS NOT NULL
		AND (ci.published_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${period.from}::date AND ${period.to}::date
		AND u.path LIKE ${prefixOf(scope)}`;
}

function distributionSelection(scope: ReachScope, period: Period): SQL {
	return sql`FROM content_distributions d JOIN units u ON u.id = d.unit_id
		WHERE d.distributed_on BETWEEN ${period.from}::date AND ${period.to}::date AND u.path LIKE ${prefixOf(scope)}`;
}

function broadcastSelection(scope: ReachScope, period: Period): SQL {
	return sql`FROM broadcasts b JOIN stations st ON st.id = b.station_id JOIN units u ON u.id = st.unit_id
		WHERE b.status = 'played' AND b.activity_id IS NULL
		AND b.date BETWEEN ${period.from}::date AND ${period.to}::date AND u.path LIKE ${prefixOf(scope)}`;
}

/** A part other than activities (those are computed together, in one pass, by computeIndicators). */
async function partValue(db: Db, part: Exclude<Part, { kind: 'activities' }>, scope: ReachScope, period: Period): Promise<number> {
	let query: SQL;
	if (part.kind === 'content') query = sql`SELECT count(*)::bigint AS v ${contentSelection(part, scope, period)}`;
	else if (part.kind === 'distributions') query = sql`SELECT COALESCE(sum(d.quantity), 0)::bigint AS v ${distributionSelection(scope, period)}`;
	else query = sql`SELECT count(*)::bigint AS v ${broadcastSelection(scope, period)}`;
	const [row] = await rowsOf<{ v: string | number }>(db, query);
	return Number(row?.v ?? 0);
}

async function partRecords(db: Db, part: Part, scope: ReachScope, period: Period, into: IndicatorRecords): Promise<void> {
	if (part.kind === 'activities') {
		const positive = part.measure === 'cost' || part.measure === 'handedOut' ? sql`AND ${measureSql[part.measure]} > 0` : sql``;
		const rows = await rowsOf<{ id: string }>(db, sql`SELECT a.id ${activitySelection(part, scope, period)} ${positive} ORDER BY a.date, a.id`);
		into.activityIds.push(...rows.map((r) => r.id));
	} else if (part.kind === 'content') {
		const rows = await rowsOf<{ id: string }>(db, sql`SELECT ci.id ${contentSelection(part, scope, period)} ORDER BY ci.published_at, ci.id`);
		into.contentIds.push(...rows.map((r) => r.id));
	} else if (part.kind === 'distributions') {
		const rows = await rowsOf<{ id: string; activity_id: string | null }>(
			db,
			sql`SELECT d.id, d.activity_id ${distributionSelection(scope, period)} ORDER BY d.distributed_on, d.id`
		);
		into.distributionIds.push(...rows.map((r) => r.id));
		into.activityIds.push(...rows.flatMap((r) => (r.activity_id ? [r.activity_id] : [])));
	} else {
		const rows = await rowsOf<{ id: string }>(db, sql`SELECT b.id ${broadcastSelection(scope, period)} ORDER BY b.date, b.id`);
		into.broadcastIds.push(...rows.map((r) => r.id));
	}
}

/**
 * The figures of the given codes (all of the catalogue's computed and known codes when none are
 * given) for a scope and a period. Every code asked for gets an answer: codes the engine cannot
 * compute come back with `value: null` and why.
 */
export async function computeIndicators(db: Db, scope: ReachScope, period: Period, codes: readonly string[] = Object.keys(definitions)): Promise<IndicatorFigure[]> {
	const needsReach = codes.some((c) => definitionOf(c).kind === 'reach');
	const reach = needsReach ? await computeReach(db, scope, period) : null;
	// Every activity part of every code asked for in one pass over the scope's activities.
	const activityParts = [...new Set(codes)].flatMap((code) => {
		const def = definitionOf(code);
		return def.kind === 'parts' ? def.parts.filter((p): p is Extract<Part, { kind: 'activities' }> => p.kind === 'activities') : [];
	});
	const activityValues = new Map<Part, number>();
	if (activityParts.length) {
		const columns = activityParts.map((p, i) => sql`COALESCE(sum(${measureSql[p.measure]}) FILTER (WHERE ${p.where}), 0)::bigint AS ${sql.raw(`p${i}`)}`);
		const [row] = await rowsOf<Record<string, string | number>>(
			db,
			sql`SELECT ${sql.join(columns, sql`, `)} FROM activities a WHERE a.status IN ('done', 'verified')
			AND a.date BETWEEN ${period.from}::date AND ${period.to}::date AND ${activityInScope(scope)}`
		);
		activityParts.forEach((p, i) => activityValues.set(p, Number(row?.[`p${i}`] ?? 0)));
	}
	const out: IndicatorFigure[] = [];
	for (const code of codes) {
		const def = definitionOf(code);
		if (def.kind === 'not_available' || def.kind === 'manual') {
			out.push({ code, value: null, status: def.kind });
		} else if (def.kind === 'reach') {
			const row = reach!.byCategory.find((r) => r.category === def.category)!;
			out.push({ code, value: def.measure === 'reached' ? row.reached : shareOf(row.reached, row.register), status: 'computed' });
		} else {
			let value = 0;
			for (const part of def.parts) value += part.kind === 'activities' ? activityValues.get(part)! : await partValue(db, part, scope, period);
			out.push({ code, value, status: 'computed' });
		}
	}
	return out;
}

/** One indicator's figure (see computeIndicators). */
export async function computeIndicator(db: Db, code: string, scope: ReachScope, period: Period): Promise<IndicatorFigure> {
	return (await computeIndicators(db, scope, period, [code]))[0];
}

/**
 * The records behind a figure: the activities (and content items, distributions, plays) it was
 * computed from. Empty lists for a code the engine does not compute.
 */
export async function indicatorRecords(db: Db, code: string, scope: ReachScope, period: Period): Promise<IndicatorRecords> {
	const into: IndicatorRecords = { activityIds: [], contentIds: [], broadcastIds: [], distributionIds: [] };
	const def = definitionOf(code);
	if (def.kind === 'parts') {
		for (const part of def.parts) await partRecords(db, part, scope, period, into);
	} else if (def.kind === 'reach') {
		const rows = await rowsOf<{ id: string }>(
			db,
			sql`SELECT DISTINCT a.id, a.date FROM activities a
			JOIN activity_households ah ON ah.activity_id = a.id
			JOIN households h ON h.id = ah.household_id AND h.merged_into_id IS NULL
			JOIN units u ON u.id = h.unit_id
			JOIN household_classifications c ON c.household_id = h.id AND c.year = ${period.year} AND c.category = ${def.category}
			WHERE a.status = 'verified' AND a.date BETWEEN ${period.from}::date AND ${period.to}::date AND u.path LIKE ${prefixOf(scope)}
			ORDER BY a.date, a.id`
		);
		into.activityIds.push(...rows.map((r) => r.id));
	}
	into.activityIds = [...new Set(into.activityIds)];
	return into;
}
