import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { actorForUser } from '$lib/server/auth/grants';
import { getUserByUsername } from '$lib/server/modules/users/users.service';
import { generateProvince } from '$lib/server/seed/generate';
import { GET as reach } from './+server';

/**
 * The reach API reads counts the database keeps (reach_period_counts, reach_register_counts). On a
 * generated province, changed at random afterwards (activities unverified and verified again,
 * links removed and added, households reclassified, moved to another village and merged), every
 * answer must equal the distinct count from the source tables, for the province, communes and
 * villages and for a year, a half, a quarter and a month.
 */

/** A small pseudo-random generator, seeded, so a failure can be replayed. */
function random(seed: number) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 2 ** 32;
	};
}

describe.each(testDrivers)('reach API against a distinct count from scratch (%s)', (driver) => {
	let database: Database;
	let actor: Actor;
	const seed = 20261123;
	const rnd = random(seed);
	const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await database.sql.query<T>(text, params)).rows;

	function event(url: string): RequestEvent {
		const request = new Request('http://lantoa.test' + url);
		return {
			request,
			url: new URL(request.url),
			params: {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await generateProvince(database.db, { villages: 20, households: 600, activities: 6000, seed: 7, year: 2026, asOf: '2026-11-22', accounts: true });
		actor = await actorForUser(database.db, await getUserByUsername(database.db, 'mau.tinh'), 'session');
	});
	afterAll(() => database.close());

	/** Reach of a unit and period from the source tables: households under the unit, verified activities dated in the period. */
	async function fromScratch(code: string, from: string, to: string, year: number) {
		const scoped = `SELECT h.id, COALESCE(c.category, 'none') AS category FROM households h
			JOIN units u ON u.id = h.unit_id
			LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = $2::int
			WHERE h.merged_into_id IS NULL AND u.path LIKE (SELECT path FROM units WHERE code = $1::text) || '%'`;
		const links = `SELECT DISTINCT s.id, s.category, a.channel_code FROM (${scoped}) s
			JOIN activity_households ah ON ah.household_id = s.id JOIN activities a ON a.id = ah.activity_id
			WHERE a.status = 'verified' AND a.date BETWEEN $3::date AND $4::date`;
		const params = [code, year, from, to];
		const register = await q<{ category: string; n: number }>(`SELECT category, count(*)::int AS n FROM (${scoped}) s GROUP BY 1`, [code, year]);
		const reached = await q<{ category: string; n: number }>(`SELECT category, count(DISTINCT id)::int AS n FROM (${links}) l GROUP BY 1`, params);
		const byChannel = await q<{ channel: string; n: number }>(`SELECT channel_code AS channel, count(*)::int AS n FROM (${links}) l GROUP BY 1`, params);
		return {
			register: Object.fromEntries(register.map((r) => [r.category, Number(r.n)])),
			reached: Object.fromEntries(reached.map((r) => [r.category, Number(r.n)])),
			byChannel: Object.fromEntries(byChannel.map((r) => [r.channel, Number(r.n)]))
		};
	}

	async function compareAll(label: string) {
		const units = (await q<{ code: string }>(`SELECT code FROM units WHERE code LIKE 'G%' ORDER BY code`)).map((r) => r.code);
		// The province, both communes and a few villages (picked at random).
		const picked = units.filter((c) => !c.includes('-')).concat(units.filter((c) => c.includes('-') && rnd() < 0.3));
		const periods: [string, string, string][] = [
			['2026', '2026-01-01', '2026-12-31'],
			['2025H2', '2025-07-01', '2025-12-31'],
			['2026Q3', '2026-07-01', '2026-09-30'],
			['2024-03', '2024-03-01', '2024-03-31'],
			['2022', '2022-01-01', '2022-12-31']
		];
		let reachedSomewhere = 0;
		for (const code of picked)
			for (const [key, from, to] of periods) {
				const res = await reach(event(`/api/v1/reach?unit=${code}&period=${key}`));
				expect(res.status, `${label} ${code} ${key}`).toBe(200);
				const body = (await res.json()) as {
					byCategory: { category: string; register: number; reached: number }[];
					total: { register: number; reached: number };
					byChannel: { channel: string; reached: number }[];
				};
				const want = await fromScratch(code, from, to, Number(key.slice(0, 4)));
				const got = {
					register: Object.fromEntries(body.byCategory.filter((r) => r.register > 0).map((r) => [r.category, r.register])),
					reached: Object.fromEntries(body.byCategory.filter((r) => r.reached > 0).map((r) => [r.category, r.reached])),
					byChannel: Object.fromEntries(body.byChannel.map((r) => [r.channel, r.reached]))
				};
				expect(got, `${label} ${code} ${key}`).toEqual(want);
				expect(body.total.reached).toBe(Object.values(want.reached).reduce((n, v) => n + v, 0));
				reachedSomewhere += body.total.reached;
			}
		// The data has reach to count, not only zeros.
		expect(reachedSomewhere).toBeGreaterThan(100);
	}

	it('equals the distinct count on the generated province', async () => {
		await compareAll('generated');
	});

	it('equals the distinct count after random changes to activities, links, categories and households', async () => {
		for (let round = 0; round < 3; round++) {
			const acts = await q<{ id: string; status: string }>(`SELECT id, status FROM activities WHERE status IN ('verified', 'done') AND id IN (SELECT activity_id FROM activity_households) ORDER BY id`);
			const pick = <T>(xs: T[], n: number) => Array.from({ length: n }, () => xs[Math.floor(rnd() * xs.length)]);
			for (const a of pick(acts, 25))
				await q(`UPDATE activities SET status = $2::text, verified_at = CASE WHEN $2::text = 'verified' THEN now() END WHERE id = $1`, [a.id, a.status === 'verified' ? 'done' : 'verified']);
			for (const a of pick(acts, 10)) await q(`DELETE FROM activity_households WHERE activity_id = $1 AND household_id = (SELECT min(household_id::text)::uuid FROM activity_households WHERE activity_id = $1)`, [a.id]);
			const households = (await q<{ id: string; unit_id: string }>(`SELECT id, unit_id FROM households WHERE merged_into_id IS NULL ORDER BY id`)).map((r) => r);
			const categories = ['poor', 'near_poor', 'escaped', 'none'];
			for (const h of pick(households, 30))
				await q(`UPDATE household_classifications SET category = $3 WHERE household_id = $1 AND year = $2`, [h.id, 2022 + Math.floor(rnd() * 5), categories[Math.floor(rnd() * 4)]]);
			for (const h of pick(households, 10)) await q(`DELETE FROM household_classifications WHERE household_id = $1 AND year = 2026`, [h.id]);
			// Links to verified activities of the household's own village.
			for (const h of pick(households, 15)) {
				const [a] = await q<{ id: string }>(`SELECT id FROM activities WHERE unit_id = $1 AND status = 'verified' ORDER BY md5(id::text || $2) LIMIT 1`, [h.unit_id, String(round)]);
				if (a) await q(`INSERT INTO activity_households (activity_id, household_id, how) VALUES ($1, $2, 'attendance') ON CONFLICT DO NOTHING`, [a.id, h.id]);
			}
			// A household moves to another village; another is merged into a neighbour.
			const [mover, target] = pick(households, 2);
			await q(`UPDATE households SET unit_id = $2 WHERE id = $1`, [mover.id, target.unit_id]);
			const [gone, into] = pick(households, 2);
			if (gone.id !== into.id) await q(`UPDATE households SET merged_into_id = $2 WHERE id = $1`, [gone.id, into.id]);
		}
		await compareAll('changed');
	});

	it('refuses bad input with a clear error and never a 500', async () => {
		for (const query of ['unit=G&period=2026Q9', 'unit=G&period=', 'unit=G%27%3B--&period=2026', 'unit=NOPE&period=2026']) {
			const res = await reach(event('/api/v1/reach?' + query));
			expect([400, 404], query).toContain(res.status);
			const body = (await res.json()) as { error: { message: string } };
			expect(body.error.message.length, query).toBeGreaterThan(0);
		}
	});
});
