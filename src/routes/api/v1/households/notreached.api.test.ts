import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDatabase, testDrivers } from '$lib/server/testing/db';
import type { Actor } from '$lib/server/access/actor';
import type { Database } from '$lib/server/db/client';
import { readTable } from '$lib/server/files/tabular';
import { activities, activityHouseholds } from '$lib/server/modules/activities/activities.tables';
import { units } from '$lib/server/modules/units/units.tables';
import { findHouseholds } from '$lib/server/modules/households/households.service';
import { buildHousehold, buildHouseholdWorld } from '$lib/server/modules/households/households.testing';
import { eq } from 'drizzle-orm';
import { GET as list } from './+server';
import { GET as exportList } from './export/+server';

/**
 * "Not reached in a period": households that no VERIFIED activity dated in the period records
 * (activity_households), in the list, the API and the XLSX export, with the parameters the reach
 * page links with (`notReached`, `category`, `village`).
 */
describe.each(testDrivers)('households not reached in a period (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;

	function event(actor: Actor | null, url: string): RequestEvent {
		const request = new Request('http://lantoa.test' + url);
		return {
			request,
			url: new URL(request.url),
			params: {},
			locals: { actor, apiLocale: 'en', locale: 'vi', badToken: false, runtime: async () => ({ database }) }
		} as unknown as RequestEvent;
	}
	const names = async (actor: Actor, query: string) => {
		const res = await list(event(actor, '/api/v1/households?' + query));
		expect(res.status, await res.clone().text()).toBe(200);
		return ((await res.json()) as { items: { headName: string }[] }).items.map((i) => i.headName).sort();
	};

	async function activity(unitCode: string, date: string, status: 'planned' | 'done' | 'verified', householdIds: string[]) {
		const [unit] = await database.db.select({ id: units.id }).from(units).where(eq(units.code, unitCode));
		const [a] = await database.db
			.insert(activities)
			.values({ unitId: unit.id, channelCode: 'dialogue', title: `Họp thôn ngày ${date}`, date, status })
			.returning({ id: activities.id });
		if (householdIds.length) await database.db.insert(activityHouseholds).values(householdIds.map((householdId) => ({ activityId: a.id, householdId })));
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
		const db = database.db;
		const poor = { year: 2026, category: 'poor' as const };
		const a = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Hà Văn Ân', classification: poor });
		const b = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Lường Thị Bông', classification: poor });
		const c = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Quàng Văn Chiến', classification: { year: 2026, category: 'near_poor' } });
		const d = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Tòng Thị Duyên', classification: poor });
		await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Cầm Văn Én', classification: poor });
		// Verified in 2026Q4: reaches Ân (and Chiến on its last day).
		await activity('C1-V1', '2026-11-05', 'verified', [a.id]);
		await activity('C1-V2', '2026-12-31', 'verified', [c.id]);
		// Done but not verified: does not count as reaching Bông.
		await activity('C1-V1', '2026-11-10', 'done', [b.id]);
		// Verified in 2026Q3: Duyên was reached then, not in Q4.
		await activity('C1-V1', '2026-07-01', 'verified', [d.id]);
		// A planned one in the future quarter: nobody reached.
		await activity('C1-V1', '2027-01-02', 'planned', [a.id, b.id]);
	});
	afterAll(() => database.close());

	it('lists the households no verified activity of the period records', async () => {
		expect(await names(w.officer1, 'notReached=2026Q4')).toEqual(['Lường Thị Bông', 'Tòng Thị Duyên']);
		expect(await names(w.officer1, 'notReached=2026Q3')).toEqual(['Hà Văn Ân', 'Lường Thị Bông', 'Quàng Văn Chiến']);
		expect(await names(w.officer1, 'notReached=2026-11')).toEqual(['Lường Thị Bông', 'Quàng Văn Chiến', 'Tòng Thị Duyên']);
		expect(await names(w.officer1, 'notReached=2026-12')).toEqual(['Hà Văn Ân', 'Lường Thị Bông', 'Tòng Thị Duyên']);
		expect(await names(w.officer1, 'notReached=2026')).toEqual(['Lường Thị Bông']);
		expect(await names(w.officer1, 'notReached=2026H2')).toEqual(['Lường Thị Bông']);
		expect(await names(w.officer1, 'notReached=2027Q1')).toEqual(['Hà Văn Ân', 'Lường Thị Bông', 'Quàng Văn Chiến', 'Tòng Thị Duyên']);
		// Without the filter, everyone in reach.
		expect((await names(w.officer1, '')).length).toBe(4);
	});

	it('takes the reach page’s link as it is: notReached, category and village together, the year from the period', async () => {
		expect(await names(w.officer1, 'notReached=2026Q4&category=poor&village=C1-V1')).toEqual(['Lường Thị Bông', 'Tòng Thị Duyên']);
		expect(await names(w.officer1, 'notReached=2026q4&category=near_poor')).toEqual([]);
		expect(await names(w.officer1, 'notReached=2026Q3&category=near_poor&village=C1-V2')).toEqual(['Quàng Văn Chiến']);
		// The categories of the period's year: nobody was classified for 2025.
		expect(await names(w.officer1, 'notReached=2025Q4&category=poor')).toEqual([]);
		expect(await names(w.officer1, 'notReached=2025Q4&category=poor&year=2026')).toEqual(['Hà Văn Ân', 'Lường Thị Bông', 'Tòng Thị Duyên']);
		const { items } = await findHouseholds({ db: database.db, actor: w.officer1 }, { notReached: '2026Q4', limit: 50, offset: 0 }, { screen: 'test', purpose: 'test' });
		expect(items.map((i) => i.year)).toEqual([2026, 2026]);
	});

	it('keeps to the actor’s reach: another commune and another village see none of these', async () => {
		expect(await names(w.officer2, 'notReached=2026Q4')).toEqual(['Cầm Văn Én']);
		expect(await names(w.head11, 'notReached=2026Q4')).toEqual(['Lường Thị Bông', 'Tòng Thị Duyên']);
		expect(await names(w.head11, 'notReached=2026Q4&village=C1-V2')).toEqual([]);
		expect((await list(event(w.province1, '/api/v1/households?notReached=2026Q4'))).status).toBe(403);
	});

	it('exports the same list as XLSX for the door-to-door round', async () => {
		const res = await exportList(event(w.officer1, '/api/v1/households/export?notReached=2026Q4&category=poor&village=C1-V1&purpose=door_to_door'));
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toContain('chua-tiep-can-2026Q4');
		const table = await readTable(new Uint8Array(await res.arrayBuffer()));
		expect(table.rows.map((r) => r.values.head_of_household).sort()).toEqual(['Lường Thị Bông', 'Tòng Thị Duyên']);
	});

	it('refuses a bad period with a clear message in either language, in the list and the export', async () => {
		for (const bad of ['2026Q5', '2026-13', 'quy4', '20261', '1800Q1']) {
			const res = await list(event(w.officer1, '/api/v1/households?notReached=' + encodeURIComponent(bad)));
			expect(res.status, bad).toBe(400);
			const { error } = (await res.json()) as { error: { code: string; message: string } };
			expect(error.code).toBe('VALIDATION');
			expect(error.message).toContain('2026Q1');
			const exported = await exportList(event(w.officer1, '/api/v1/households/export?notReached=' + encodeURIComponent(bad)));
			expect(exported.status, bad).toBe(400);
		}
		await expect(findHouseholds({ db: database.db, actor: w.officer1 }, { notReached: 'Q4', limit: 50, offset: 0 }, { screen: 'test', purpose: 'test' })).rejects.toMatchObject({
			code: 'VALIDATION',
			messageKey: 'error.period'
		});
		const tooLong = await list(event(w.officer1, '/api/v1/households?notReached=' + '2'.repeat(30)));
		expect(tooLong.status).toBe(400);
	});
});
