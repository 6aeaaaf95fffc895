import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { insertActivity } from '../indicators/indicators.testing';
import { rowsOf } from './activities.reach';

/**
 * household_reach and activity_month_totals are kept by triggers: after any sequence of changes to
 * activities, their links and their counts they must equal a recomputation from scratch from the
 * source tables.
 */
const channels = ['loudspeaker', 'dialogue', 'leaflet', 'home_visit'] as const;
const statuses = ['planned', 'done', 'verified'] as const;
// Across month, half and year boundaries.
const dates = ['2025-12-31', '2026-01-01', '2026-01-31', '2026-02-01', '2026-06-30', '2026-07-01', '2026-12-31', '2027-01-01'] as const;
const HOUSEHOLDS = 6;

type Op =
	| { op: 'create'; channel: string; date: string; status: string; households: number[] }
	| { op: 'link'; activity: number; households: number[] }
	| { op: 'unlink'; activity: number; households: number[] }
	| { op: 'status'; activity: number; status: string }
	| { op: 'date'; activity: number; date: string }
	| { op: 'channel'; activity: number; channel: string }
	| { op: 'delete'; activity: number }
	| { op: 'verifyAll'; date: string }
	| { op: 'counts'; activity: number; poor: number; other: number }
	| { op: 'unit'; activity: number; unit: string };

const households = fc.uniqueArray(fc.nat({ max: HOUSEHOLDS - 1 }), { minLength: 1, maxLength: 4 });
const anyOf = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ op: fc.constant('create' as const), channel: anyOf(channels), date: anyOf(dates), status: anyOf(statuses), households }),
	fc.record({ op: fc.constant('link' as const), activity: fc.nat(), households }),
	fc.record({ op: fc.constant('unlink' as const), activity: fc.nat(), households }),
	fc.record({ op: fc.constant('status' as const), activity: fc.nat(), status: anyOf(statuses) }),
	fc.record({ op: fc.constant('date' as const), activity: fc.nat(), date: anyOf(dates) }),
	fc.record({ op: fc.constant('channel' as const), activity: fc.nat(), channel: anyOf(channels) }),
	fc.record({ op: fc.constant('delete' as const), activity: fc.nat() }),
	fc.record({ op: fc.constant('verifyAll' as const), date: anyOf(dates) }),
	fc.record({ op: fc.constant('counts' as const), activity: fc.nat(), poor: fc.nat({ max: 5 }), other: fc.nat({ max: 5 }) }),
	fc.record({ op: fc.constant('unit' as const), activity: fc.nat(), unit: anyOf(['C1', 'C1-V1', 'C1-V2']) })
);

const uuidList = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

describe.each(testDrivers)('household_reach upkeep (%s)', (driver) => {
	let database: Database;
	const hh: string[] = [];

	/** The maintained table and the recomputation from scratch, both as sorted text rows. */
	async function compare() {
		const db = database.db;
		const kept = await rowsOf<{ r: string }>(
			db,
			sql`SELECT household_id || ' ' || year || ' ' || channel_code || ' ' || months AS r FROM household_reach ORDER BY 1`
		);
		const fresh = await rowsOf<{ r: string }>(
			db,
			sql`WITH m AS (
				SELECT DISTINCT ah.household_id, extract(year FROM a.date)::int AS year, a.channel_code, extract(month FROM a.date)::int AS month
				FROM activity_households ah JOIN activities a ON a.id = ah.activity_id WHERE a.status = 'verified'),
			per AS (
				SELECT household_id, year, channel_code, sum(DISTINCT 1 << (month - 1))::int AS months FROM m GROUP BY 1, 2, 3
				UNION ALL SELECT household_id, year, '*', sum(DISTINCT 1 << (month - 1))::int FROM m GROUP BY 1, 2)
			SELECT household_id || ' ' || year || ' ' || channel_code || ' ' || months AS r FROM per ORDER BY 1`
		);
		const keptTotals = await rowsOf<{ r: string }>(
			db,
			sql`SELECT unit_id || ' ' || year || ' ' || month || ' ' || group_code || ' ' || total AS r FROM activity_month_totals ORDER BY 1`
		);
		const freshTotals = await rowsOf<{ r: string }>(
			db,
			sql`SELECT unit_id || ' ' || year || ' ' || month || ' ' || group_code || ' ' || sum(n) AS r FROM (
				SELECT a.unit_id, extract(year FROM a.date)::int AS year, extract(month FROM a.date)::int AS month, '*' AS group_code, 1 AS n
				FROM activities a WHERE a.status = 'verified'
				UNION ALL SELECT a.unit_id, extract(year FROM a.date)::int, extract(month FROM a.date)::int, c.group_code, c.count
				FROM activities a JOIN activity_counts c ON c.activity_id = a.id WHERE a.status = 'verified') x
			GROUP BY unit_id, year, month, group_code ORDER BY 1`
		);
		return { kept: [...kept.map((x) => x.r), ...keptTotals.map((x) => 'totals ' + x.r)], fresh: [...fresh.map((x) => x.r), ...freshTotals.map((x) => 'totals ' + x.r)] };
	}

	async function apply(ids: string[], o: Op) {
		const db = database.db;
		const pick = (n: number) => (ids.length ? ids[n % ids.length] : null);
		switch (o.op) {
			case 'create':
				ids.push(
					await insertActivity(db, {
						unitCode: 'C1-V1',
						channel: o.channel,
						date: o.date,
						status: o.status as 'verified',
						households: o.households.map((i) => hh[i]),
						counts: { poor: o.households.length, other: 2 }
					})
				);
				return;
			case 'link': {
				const a = pick(o.activity);
				if (a)
					await db.execute(sql`INSERT INTO activity_households (activity_id, household_id, how)
						SELECT ${a}::uuid, h, 'attendance' FROM unnest(${uuidList(o.households.map((i) => hh[i]))}) h ON CONFLICT DO NOTHING`);
				return;
			}
			case 'unlink': {
				const a = pick(o.activity);
				if (a) await db.execute(sql`DELETE FROM activity_households WHERE activity_id = ${a}::uuid AND household_id = ANY(${uuidList(o.households.map((i) => hh[i]))})`);
				return;
			}
			case 'status': {
				const a = pick(o.activity);
				if (a) await db.execute(sql`UPDATE activities SET status = ${o.status} WHERE id = ${a}::uuid`);
				return;
			}
			case 'date': {
				const a = pick(o.activity);
				if (a) await db.execute(sql`UPDATE activities SET date = ${o.date}::date WHERE id = ${a}::uuid`);
				return;
			}
			case 'channel': {
				const a = pick(o.activity);
				if (a) await db.execute(sql`UPDATE activities SET channel_code = ${o.channel} WHERE id = ${a}::uuid`);
				return;
			}
			case 'delete': {
				const a = pick(o.activity);
				if (a) {
					await db.execute(sql`DELETE FROM activities WHERE id = ${a}::uuid`);
					ids.splice(ids.indexOf(a), 1);
				}
				return;
			}
			case 'counts': {
				// Replaced as the activities service does: delete, then insert (no row when zero).
				const a = pick(o.activity);
				if (a) {
					await db.execute(sql`DELETE FROM activity_counts WHERE activity_id = ${a}::uuid`);
					await db.execute(sql`INSERT INTO activity_counts (activity_id, group_code, count)
						SELECT ${a}::uuid, g, n FROM (VALUES ('poor', ${o.poor}::int), ('other', ${o.other}::int)) v(g, n) WHERE n > 0`);
					if (o.poor > 0) await db.execute(sql`UPDATE activity_counts SET count = count + 1 WHERE activity_id = ${a}::uuid AND group_code = 'poor'`);
				}
				return;
			}
			case 'unit': {
				const a = pick(o.activity);
				if (a) await db.execute(sql`UPDATE activities SET unit_id = (SELECT id FROM units WHERE code = ${o.unit}) WHERE id = ${a}::uuid`);
				return;
			}
			case 'verifyAll':
				// Several rows in one statement.
				if (ids.length) await db.execute(sql`UPDATE activities SET status = 'verified' WHERE date = ${o.date}::date AND id = ANY(${uuidList(ids)})`);
				return;
		}
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildHouseholdWorld(database.db);
		for (let i = 0; i < HOUSEHOLDS; i++) hh.push((await buildHousehold(database.db, { villageCode: 'C1-V1', headName: `Hộ thử ${i}` })).id);
	});
	afterAll(() => database.close());

	it('equals reach recomputed from scratch after any sequence of changes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
				const ids: string[] = [];
				try {
					for (const o of ops) await apply(ids, o);
					const { kept, fresh } = await compare();
					expect(kept).toEqual(fresh);
				} finally {
					if (ids.length) await database.db.execute(sql`DELETE FROM activities WHERE id = ANY(${uuidList(ids)})`);
				}
				const { kept } = await compare();
				expect(kept).toEqual([]);
			}),
			{ numRuns: 15 }
		);
	});

	it('lets a bulk writer defer the upkeep in its transaction and rebuild once', async () => {
		let ids: string[] = [];
		await database.db.transaction(async (tx) => {
			await tx.execute(sql`SELECT set_config('lantoa.reach_deferred', 'on', true)`);
			ids = [
				await insertActivity(tx, { unitCode: 'C1-V1', channel: 'dialogue', date: '2026-03-05', households: [hh[0], hh[1]] }),
				await insertActivity(tx, { unitCode: 'C1-V1', channel: 'leaflet', date: '2026-11-05', households: [hh[1]] })
			];
			const [{ n }] = await rowsOf<{ n: number }>(tx, sql`SELECT (SELECT count(*) FROM household_reach) + (SELECT count(*) FROM activity_month_totals) AS n`);
			expect(Number(n)).toBe(0);
			await tx.execute(sql`SELECT rebuild_household_reach(${uuidList([hh[0], hh[1]])})`);
			await tx.execute(sql`SELECT rebuild_activity_month_totals(ARRAY(SELECT id FROM units WHERE code = 'C1-V1'))`);
		});
		const { kept, fresh } = await compare();
		expect(kept).toEqual(fresh);
		expect(kept).toContain(`${hh[1]} 2026 * ${(1 << 2) | (1 << 10)}`);
		// The setting was the transaction's: the triggers keep the table again afterwards.
		await database.db.execute(sql`DELETE FROM activities WHERE id = ANY(${uuidList(ids)})`);
		expect((await compare()).kept).toEqual([]);
	});
});
