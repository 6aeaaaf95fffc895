import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { requirePeriod } from '../../periods';
import { buildActor } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { units } from '../units/units.tables';
import { contentDistributions, contentItems } from '../content/content.tables';
import { broadcasts, stations } from '../loudspeakers/loudspeakers.tables';
import { insertActivity } from './indicators.testing';
import { computeIndicators, indicatorRecords } from './indicators.engine';
import { getIndicatorRecords, getIndicators } from './indicators.service';

describe.each(testDrivers)('indicator engine (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let finance: Actor;
	const ids: Record<string, string> = {};
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const q1 = requirePeriod('2026Q1');
	let c1Path: string, v1Path: string;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		finance = await buildActor(db, 'finance_officer', 'C1');
		const unit = async (code: string) => (await db.select().from(units).where(eq(units.code, code)))[0];
		const [c1, v1, v2] = [await unit('C1'), await unit('C1-V1'), await unit('C1-V2')];
		c1Path = c1.path;
		v1Path = v1.path;
		const hh = async (villageCode: string, category: 'poor' | 'near_poor' | 'escaped') =>
			(await buildHousehold(db, { villageCode, classification: { year: 2026, category } })).id;
		const [A, B, , E] = [await hh('C1-V1', 'poor'), await hh('C1-V1', 'near_poor'), await hh('C1-V1', 'escaped'), await hh('C1-V2', 'poor'), await hh('C1-V2', 'poor')];

		// Loudspeaker: two counted activities, one planned; plays on the schedule.
		ids.a1 = await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-01-10', status: 'done', cost: 500_000 });
		ids.a2 = await insertActivity(db, { unitCode: 'C1-V2', channel: 'loudspeaker', date: '2026-02-10', households: [E] });
		ids.a3 = await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-02-11', status: 'planned', cost: 999 });
		const [bulletin] = await db.insert(contentItems).values({ unitId: c1.id, kind: 'bulletin', title: 'Bản tin', status: 'published', publishedAt: new Date('2026-01-05T02:00:00Z') }).returning();
		const [station] = await db.insert(stations).values({ unitId: v1.id, name: 'Trạm thôn Một', kind: 'wired' }).returning();
		const played = async (date: string, status: string, activityId: string | null) =>
			(await db.insert(broadcasts).values({ stationId: station.id, contentId: bulletin.id, date, status, activityId }).returning())[0].id;
		ids.b1 = await played('2026-03-01', 'played', null);
		await played('2026-01-10', 'played', ids.a1);
		await played('2026-03-02', 'scheduled', null);

		// Articles and social posts: published items once, channel activities without an item.
		const item = async (kind: 'article' | 'social_post', status: 'published' | 'draft', publishedAt: string | null) =>
			(await db.insert(contentItems).values({ unitId: c1.id, kind, title: kind, status, publishedAt: publishedAt ? new Date(publishedAt) : null }).returning())[0].id;
		ids.art1 = await item('article', 'published', '2026-02-05T03:00:00Z');
		await item('article', 'published', '2026-04-02T03:00:00Z');
		await item('article', 'draft', null);
		await insertActivity(db, { unitCode: 'C1', channel: 'portal', date: '2026-02-05', contentId: ids.art1 });
		ids.portal = await insertActivity(db, { unitCode: 'C1', channel: 'portal', date: '2026-02-06' });
		// 23:30 on 31 March in Việt Nam is in Q1; 00:30 on 1 April is not.
		ids.post1 = await item('social_post', 'published', '2026-03-31T16:30:00Z');
		await item('social_post', 'published', '2026-03-31T17:30:00Z');
		await insertActivity(db, { unitCode: 'C1', channel: 'facebook', date: '2026-03-01' });
		await insertActivity(db, { unitCode: 'C1', channel: 'zalo', date: '2026-03-02', status: 'done' });

		// Dialogues: counts by group where known, else households recorded.
		ids.d1 = await insertActivity(db, {
			unitCode: 'C1',
			channel: 'dialogue',
			date: '2026-01-20',
			households: [A],
			counts: { poor: 10, general_public: 15 },
			costLines: [
				{ source: 'central_programme', amount: 300_000 },
				{ source: 'local_budget', amount: 200_000 }
			]
		});
		ids.d2 = await insertActivity(db, { unitCode: 'C1-V2', channel: 'dialogue', date: '2026-03-05', status: 'done', households: [A, B, E] });

		// Leaflets: distributions, and copies handed out at activities that are not a distribution's.
		const [leaflet] = await db.insert(contentItems).values({ unitId: c1.id, kind: 'leaflet', title: 'Tờ rơi', status: 'published', publishedAt: new Date('2026-01-02T02:00:00Z') }).returning();
		ids.l1 = await insertActivity(db, { unitCode: 'C1-V1', channel: 'leaflet', date: '2026-02-01', materials: [{ label: 'Tờ rơi', handedOut: 100 }] });
		ids.dist1 = (await db.insert(contentDistributions).values({ contentId: leaflet.id, unitId: v1.id, quantity: 100, distributedOn: '2026-02-01', activityId: ids.l1 }).returning())[0].id;
		ids.dist2 = (await db.insert(contentDistributions).values({ contentId: leaflet.id, unitId: v2.id, quantity: 50, distributedOn: '2026-03-15' }).returning())[0].id;
		ids.cf1 = await insertActivity(db, { unitCode: 'C1', channel: 'conference', date: '2026-03-20', cost: 1_200_000, materials: [{ label: 'Sổ tay', handedOut: 30 }] });

		ids.contest = await insertActivity(db, { unitCode: 'C1-V1', channel: 'contest', date: '2026-03-25' });
		ids.t1 = await insertActivity(db, { unitCode: 'C1', channel: 'training', date: '2026-02-20', counts: { poor: 12, near_poor: 8 } });
		await insertActivity(db, { unitCode: 'C2', channel: 'training', date: '2026-02-20', counts: { poor: 40 } });
	});
	afterAll(() => database.close());

	it('computes every catalogue figure of a commune and quarter exactly', async () => {
		const figures = await computeIndicators(database.db, { unitPath: c1Path }, q1);
		const byCode = Object.fromEntries(figures.map((f) => [f.code, f.value]));
		expect(byCode).toEqual({
			bulletins_broadcast: 3,
			articles_published: 2,
			social_posts_published: 3,
			dialogues_held: 2,
			dialogue_participants: 28,
			leaflets_distributed: 180,
			events_held: 1,
			conferences_held: 1,
			trainings_held: 1,
			trainees: 20,
			// Households of C1: A (poor), B (near-poor), C (escaped) in V1; D, E (poor) in V2.
			// Verified activities reached A (d1) and E (a2); d2 recorded A, B, E but is only done.
			households_reached: 2,
			households_reached_poor: 2,
			households_reached_near_poor: 0,
			households_reached_escaped: 0,
			share_households_reached: 40,
			share_poor_reached: 66.7,
			share_near_poor_reached: 0,
			// No approved spending lines in this world (indicators.more.test.ts has them).
			spending: 0,
			spending_central_programme: 0,
			spending_local_budget: 0,
			spending_legal_dissemination: 0,
			spending_socialised: 0,
			feedback_received: 0,
			feedback_answered_on_time: 0,
			feedback_answered_late: 0,
			feedback_overdue: 0,
			stories_published: 0,
			communicators_network: null
		});
		expect(figures.find((f) => f.code === 'feedback_received')!.status).toBe('computed');
		expect(figures.find((f) => f.code === 'communicators_network')!.status).toBe('manual');
		expect(await computeIndicators(database.db, { unitPath: c1Path }, q1, ['no_such_code'])).toEqual([{ code: 'no_such_code', value: null, status: 'not_available' }]);
	});

	it('narrows to a village, another period, another commune', async () => {
		const v1 = Object.fromEntries((await computeIndicators(database.db, { unitPath: v1Path }, q1, ['bulletins_broadcast', 'leaflets_distributed', 'events_held', 'dialogues_held'])).map((f) => [f.code, f.value]));
		expect(v1).toEqual({ bulletins_broadcast: 2, leaflets_distributed: 100, events_held: 1, dialogues_held: 0 });
		const q2 = Object.fromEntries((await computeIndicators(database.db, { unitPath: c1Path }, requirePeriod('2026Q2'), ['articles_published', 'social_posts_published'])).map((f) => [f.code, f.value]));
		expect(q2).toEqual({ articles_published: 1, social_posts_published: 1 });
		expect((await getIndicators(ctx(w.officer2), 'C2', '2026Q1', ['trainees', 'trainings_held'])).map((f) => f.value)).toEqual([40, 1]);
	});

	it('lists the records behind a figure', async () => {
		const db = database.db;
		const none = { activityIds: [], contentIds: [], broadcastIds: [], distributionIds: [], feedbackIds: [], storyIds: [], spendingLineIds: [] };
		expect(await indicatorRecords(db, 'bulletins_broadcast', { unitPath: c1Path }, q1)).toEqual({ ...none, activityIds: [ids.a1, ids.a2], broadcastIds: [ids.b1] });
		expect((await indicatorRecords(db, 'dialogues_held', { unitPath: c1Path }, q1)).activityIds).toEqual([ids.d1, ids.d2]);
		expect(await indicatorRecords(db, 'articles_published', { unitPath: c1Path }, q1)).toMatchObject({ activityIds: [ids.portal], contentIds: [ids.art1] });
		expect(await indicatorRecords(db, 'leaflets_distributed', { unitPath: c1Path }, q1)).toMatchObject({ activityIds: [ids.l1, ids.cf1], distributionIds: [ids.dist1, ids.dist2] });
		expect((await indicatorRecords(db, 'households_reached_poor', { unitPath: c1Path }, q1)).activityIds).toEqual([ids.d1, ids.a2]);
		expect(await indicatorRecords(db, 'feedback_received', { unitPath: c1Path }, q1)).toEqual(none);
		expect(await indicatorRecords(db, 'communicators_network', { unitPath: c1Path }, q1)).toEqual(none);
		expect((await getIndicatorRecords(ctx(w.officer1), 'trainees', 'C1', '2026Q1')).activityIds).toEqual([ids.t1]);
	});

	it('authorises by the unit: another commune refused, reach hidden from those who may not count households, bad input refused', async () => {
		await expect(getIndicators(ctx(w.officer2), 'C1', '2026Q1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getIndicatorRecords(ctx(w.officer2), 'dialogues_held', 'C1', '2026Q1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getIndicators(ctx(w.head11), 'C1', '2026Q1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const shown = await getIndicators(ctx(finance), 'C1', '2026Q1', ['spending', 'households_reached_poor']);
		expect(shown).toEqual([
			{ code: 'spending', value: 0, status: 'computed' },
			{ code: 'households_reached_poor', value: null, status: 'not_permitted' }
		]);
		await expect(getIndicatorRecords(ctx(finance), 'households_reached_poor', 'C1', '2026Q1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getIndicators(ctx(w.officer1), 'C1', '2026Q9')).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(getIndicators(ctx(w.officer1), 'XX', '2026')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getIndicators(ctx(w.officer1), 'C1\u0000', '2026')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
