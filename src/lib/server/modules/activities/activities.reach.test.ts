import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { insertActivity } from '../indicators/indicators.testing';
import { activities } from './activities.tables';
import { getReach } from './activities.reach';

describe.each(testDrivers)('household reach (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let unverified: string;
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const hh: Record<string, string> = {};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		const add = async (key: string, villageCode: string, headName: string, category?: 'poor' | 'near_poor' | 'escaped' | 'none') => {
			hh[key] = (await buildHousehold(db, { villageCode, headName, ...(category ? { classification: { year: 2026, category } } : {}) })).id;
		};
		await add('A', 'C1-V1', 'Nguyễn Văn An', 'poor');
		await add('B', 'C1-V1', 'Trần Thị Bé', 'near_poor');
		await add('C', 'C1-V1', 'Lê Văn Cảnh', 'escaped');
		await add('D', 'C1-V1', 'Phạm Thị Dung');
		await add('E', 'C1-V2', 'Hoàng Văn Em', 'poor');
		await add('F', 'C1-V2', 'Vũ Thị Phương', 'poor');
		await add('G', 'C2-V1', 'Đỗ Văn Giang', 'poor');
		// Village loudspeaker, verified, in Q1: A and B.
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-01-15', households: [hh.A, hh.B] });
		// Commune dialogue covering village 2 on the last day of Q1: A (again) and E, with counts by group.
		await insertActivity(db, { unitCode: 'C1', covered: ['C1-V2'], channel: 'dialogue', date: '2026-03-31', households: [hh.A, hh.E], counts: { poor: 7, general_public: 20 } });
		// Done but not verified: does not count yet.
		unverified = await insertActivity(db, { unitCode: 'C1-V1', channel: 'leaflet', date: '2026-02-01', status: 'done', households: [hh.C] });
		// First day of Q2, last day of 2025: outside Q1 2026.
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'home_visit', date: '2026-04-01', households: [hh.F] });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'training', date: '2025-12-31', households: [hh.E] });
		// Another commune.
		await insertActivity(db, { unitCode: 'C2', channel: 'loudspeaker', date: '2026-02-10', households: [hh.G], counts: { poor: 3 } });
	});
	afterAll(() => database.close());

	it('counts distinct households by category, deduplicated across channels, only verified activities in the period', async () => {
		const r = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026Q1' });
		expect(r.byCategory).toEqual([
			{ category: 'poor', register: 3, reached: 2, share: 66.7 },
			{ category: 'near_poor', register: 1, reached: 1, share: 100 },
			{ category: 'escaped', register: 1, reached: 0, share: 0 },
			{ category: 'none', register: 1, reached: 0, share: 0 }
		]);
		expect(r.total).toEqual({ register: 6, reached: 3, share: 50 });
		// A is reached by two channels: once in each channel, once in the total.
		expect(r.byChannel).toEqual([
			{ channel: 'dialogue', reached: 2, byCategory: { poor: 2, near_poor: 0, escaped: 0, none: 0 } },
			{ channel: 'loudspeaker', reached: 2, byCategory: { poor: 1, near_poor: 1, escaped: 0, none: 0 } }
		]);
		expect(r.participantsCounted).toEqual([
			{ group: 'general_public', count: 20 },
			{ group: 'poor', count: 7 }
		]);
		expect(r.participantsTotal).toBe(27);
		expect(r.verifiedActivities).toBe(2);
		expect(r.namesAvailable).toBe(true);
	});

	it('keeps to period boundaries: the last day of a quarter is in it, the first of the next is not', async () => {
		const q2 = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026Q2' });
		expect(q2.total).toEqual({ register: 6, reached: 1, share: 16.7 });
		expect(q2.byChannel.map((c) => c.channel)).toEqual(['home_visit']);
		const march = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026-03' });
		expect(march.total.reached).toBe(2);
		const year = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026' });
		expect(year.byCategory[0]).toEqual({ category: 'poor', register: 3, reached: 3, share: 100 });
		// 2025: E was reached, but the categories are 2025's, and E has none that year.
		const y2025 = await getReach(ctx(w.officer1), { unit: 'C1', period: '2025' });
		expect(y2025.byCategory.find((c) => c.category === 'none')).toEqual({ category: 'none', register: 6, reached: 1, share: 16.7 });
	});

	it('counts a subtree: a village, and a province over its communes', async () => {
		const v1 = await getReach(ctx(w.head11), { unit: 'C1-V1', period: '2026Q1' });
		expect(v1.total).toEqual({ register: 4, reached: 2, share: 50 });
		expect(v1.participantsTotal).toBe(0);
		expect(v1.verifiedActivities).toBe(1);
		const v2 = await getReach(ctx(w.officer1), { unit: 'C1-V2', period: '2026Q1' });
		expect(v2.total).toEqual({ register: 2, reached: 1, share: 50 });
		// The commune's dialogue covered village 2: its counts belong to village 2 too.
		expect(v2.participantsTotal).toBe(27);
		const p1 = await getReach(ctx(w.province1), { unit: 'P1', period: '2026Q1' });
		expect(p1.total).toEqual({ register: 6, reached: 3, share: 50 });
		expect(p1.participantsTotal).toBe(27);
		const c2 = await getReach(ctx(w.officer2), { unit: 'C2', period: '2026Q1' });
		expect(c2.total).toEqual({ register: 1, reached: 1, share: 100 });
		expect(c2.participantsTotal).toBe(3);
	});

	it('gives counts-only actors the numbers and never a name', async () => {
		const r = await getReach(ctx(w.province1), { unit: 'C1', period: '2026Q1' });
		expect(r.total.reached).toBe(3);
		expect(r.namesAvailable).toBe(false);
		expect(JSON.stringify(r)).not.toMatch(/Nguyễn|Trần|Hoàng|Phạm|[0-9a-f]{8}-[0-9a-f]{4}/);
	});

	it('refuses another commune, a village beside one’s own, a bad period and an unknown unit', async () => {
		await expect(getReach(ctx(w.officer2), { unit: 'C1', period: '2026Q1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReach(ctx(w.officer2), { unit: 'C1-V1', period: '2026Q1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReach(ctx(w.head11), { unit: 'C1-V2', period: '2026Q1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReach(ctx(w.head11), { unit: 'C1', period: '2026Q1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReach(ctx(w.province1), { unit: 'P2', period: '2026' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// The household list reader may read names but not activities: no reach.
		await expect(getReach(ctx(w.viewer1), { unit: 'C1', period: '2026' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		for (const period of ['2026Q5', '2026-13', 'abc', '', '1800'])
			await expect(getReach(ctx(w.officer1), { unit: 'C1', period })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'error.period' });
		await expect(getReach(ctx(w.officer1), { unit: 'NOPE', period: '2026' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('moves once the activity is verified', async () => {
		const before = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026Q1' });
		await database.db.update(activities).set({ status: 'verified' }).where(eq(activities.id, unverified));
		const after = await getReach(ctx(w.officer1), { unit: 'C1', period: '2026Q1' });
		expect(after.byCategory[2]).toEqual({ category: 'escaped', register: 1, reached: 1, share: 100 });
		expect(after.total.reached).toBe(before.total.reached + 1);
		await database.db.update(activities).set({ status: 'done' }).where(eq(activities.id, unverified));
	});
});
