import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { parsePeriod } from '../../periods';
import { rowsOf } from '../activities/activities.reach';
import { sponsorKinds, type SponsorKind } from './mobilisation.schemas';
import { canReadMobilisation } from './mobilisation.policy';

/** Pairing and socialised-fund figures of one part of a unit (one unit one level down, or the unit's own records). */
export interface MobilisationFigures {
	pairingsActive: number;
	householdsPaired: number;
	/** Visits made in the period. */
	visits: number;
	householdsEscaped: number;
	/** In đồng: pledged (by pledge date), received (by receipt date), handed on (by gift date) in the period. */
	pledged: number;
	received: number;
	given: number;
}

export interface MobilisationDashboard {
	unit: { code: string; name: string; level: string };
	period: { key: string; from: string; to: string };
	total: MobilisationFigures;
	/** Socialised funds by the sponsor's kind, every kind listed (zeros included), in catalogue order. */
	byKind: { kind: SponsorKind; pledged: number; received: number; given: number }[];
	/**
	 * Units one level down, each with its figures; `own` is the row of records kept at the unit
	 * itself (a commune's sponsors), present only when it has something.
	 */
	children: { code: string; name: string; figures: MobilisationFigures }[];
	own: MobilisationFigures | null;
}

const zero = (): MobilisationFigures => ({ pairingsActive: 0, householdsPaired: 0, visits: 0, householdsEscaped: 0, pledged: 0, received: 0, given: 0 });
const n = (v: unknown) => Number(v ?? 0);

/**
 * The dashboard section of pairings and socialised funds for a unit and a period (`2026`,
 * `2026-Q2`, `2026-05`…). Null when the section is not the reader's to see (no `mobilisation.read`
 * over the unit), or when the unit or period cannot be read (the dashboard itself says so).
 * Every figure of a row counts only records under that row's unit; the total is the sum of the
 * rows, so the table adds up.
 */
export async function getMobilisationDashboard(ctx: { db: Db; actor: Actor }, unitCode: string, periodKey: string): Promise<MobilisationDashboard | null> {
	const period = parsePeriod(periodKey);
	if (!period || period.year < 1900 || period.year > 2200 || !/^[A-Za-z0-9._-]{1,40}$/.test(unitCode)) return null;
	const db = ctx.db;
	const [unit] = await rowsOf<{ id: string; code: string; name: string; level: string; path: string }>(
		db,
		sql`SELECT id, code, name, level, path FROM units WHERE code = ${unitCode}`
	);
	if (!unit || !canReadMobilisation(ctx.actor, { unitPath: unit.path })) return null;
	const from = period.from;
	const to = period.to;
	const endYear = Number(to.slice(0, 4));
	const children = await rowsOf<{ id: string; code: string; name: string; path: string }>(
		db,
		sql`SELECT id, code, name, path FROM units WHERE parent_id = ${unit.id} AND (valid_to IS NULL OR valid_to >= ${from}::date) ORDER BY code`
	);
	// Every unit of the subtree with the row it counts in: the child above it, or the unit itself.
	const groups = sql`g AS (SELECT u.id, coalesce((SELECT c.code FROM units c WHERE c.parent_id = ${unit.id} AND (c.valid_to IS NULL OR c.valid_to >= ${from}::date) AND starts_with(u.path, c.path) LIMIT 1), ${unit.code}) AS gkey
		FROM units u WHERE starts_with(u.path, ${unit.path}))`;
	const [pairingRows, fundRows] = await Promise.all([
		rowsOf<{ gkey: string; pairings: unknown; households: unknown; escaped: unknown; visits: unknown }>(
			db,
			sql`WITH ${groups},
			active AS (
				SELECT p.id, p.household_id, g.gkey, extract(year FROM p.from_date)::int AS start_year
				FROM pairings p JOIN g ON g.id = p.unit_id
				WHERE p.from_date <= ${to}::date AND (p.to_date IS NULL OR p.to_date >= ${from}::date)
			), outcome AS (
				SELECT a.gkey, a.household_id,
					(SELECT c.category FROM household_classifications c
					 WHERE c.household_id = a.household_id AND c.year > a.start_year AND c.year <= ${endYear}
					 ORDER BY c.year DESC LIMIT 1) AS later
				FROM active a
			), visits AS (
				SELECT g.gkey, count(*) AS n FROM pairing_visits v JOIN pairings p ON p.id = v.pairing_id JOIN g ON g.id = p.unit_id
				WHERE v.visited_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1
			), counted AS (
				SELECT gkey, count(*) AS pairings, count(DISTINCT household_id) AS households FROM active GROUP BY 1
			), escaped AS (
				SELECT gkey, count(DISTINCT household_id) AS n FROM outcome WHERE later IN ('escaped', 'none') GROUP BY 1
			)
			SELECT coalesce(c.gkey, v.gkey) AS gkey, c.pairings, c.households, e.n AS escaped, v.n AS visits
			FROM counted c FULL JOIN visits v ON v.gkey = c.gkey LEFT JOIN escaped e ON e.gkey = coalesce(c.gkey, v.gkey)`
		),
		rowsOf<{ gkey: string; kind: SponsorKind; what: 'pledged' | 'received' | 'given'; amount: unknown }>(
			db,
			sql`WITH ${groups}
			SELECT g.gkey, s.kind, 'pledged' AS what, sum(p.amount) AS amount
			FROM pledges p JOIN sponsors s ON s.id = p.sponsor_id JOIN g ON g.id = s.unit_id
			WHERE p.pledged_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2
			UNION ALL
			SELECT g.gkey, s.kind, 'received', sum(r.amount)
			FROM pledge_receipts r JOIN pledges p ON p.id = r.pledge_id JOIN sponsors s ON s.id = p.sponsor_id JOIN g ON g.id = s.unit_id
			WHERE r.received_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2
			UNION ALL
			SELECT g.gkey, s.kind, 'given', sum(x.value)
			FROM mobilisation_gifts x JOIN pledge_receipts r ON r.id = x.receipt_id JOIN pledges p ON p.id = r.pledge_id JOIN sponsors s ON s.id = p.sponsor_id JOIN g ON g.id = s.unit_id
			WHERE x.given_on BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2`
		)
	]);
	const rows = new Map<string, MobilisationFigures>([[unit.code, zero()], ...children.map((c): [string, MobilisationFigures] => [c.code, zero()])]);
	const total = zero();
	const byKind = new Map(sponsorKinds.map((k) => [k, { kind: k, pledged: 0, received: 0, given: 0 }]));
	for (const r of pairingRows) {
		const f = rows.get(r.gkey);
		if (!f) continue;
		f.pairingsActive += n(r.pairings);
		f.householdsPaired += n(r.households);
		f.householdsEscaped += n(r.escaped);
		f.visits += n(r.visits);
	}
	for (const r of fundRows) {
		const f = rows.get(r.gkey);
		if (!f) continue;
		f[r.what] += n(r.amount);
		const k = byKind.get(r.kind);
		if (k) k[r.what] += n(r.amount);
	}
	for (const f of rows.values()) for (const key of Object.keys(total) as (keyof MobilisationFigures)[]) total[key] += f[key];
	const own = rows.get(unit.code)!;
	return {
		unit: { code: unit.code, name: unit.name, level: unit.level },
		period: { key: period.key, from, to },
		total,
		byKind: [...byKind.values()],
		children: children.map((c) => ({ code: c.code, name: c.name, figures: rows.get(c.code)! })),
		own: Object.values(own).some((v) => v !== 0) ? own : null
	};
}
