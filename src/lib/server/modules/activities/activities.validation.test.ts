import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { createPlanFromTemplate } from '../plans/plans.sources';
import { activities } from './activities.tables';
import { createActivity, findActivities, saveActivity } from './activities.service';
import { ActivityInput, type ActivityInputFields } from './activities.schemas';
import { planThemes } from './activities.checks';
import { activityFields, buildActivityWorld } from './activities.testing';
import { bandedPng } from './activities.images';
import { storeFile } from '../../files/store';

const when = () => new Date('2026-06-15T03:00:00Z');

/** The catalog keys of a refusal, by field path. */
async function refusal(p: Promise<unknown>): Promise<Record<string, string>> {
	const err = await p.then(
		() => null,
		(e) => e
	);
	expect(err).toBeInstanceOf(z.ZodError);
	return Object.fromEntries((err as z.ZodError).issues.map((i) => [i.path.join('.'), i.message]));
}

describe('activity input: shape and arithmetic', () => {
	const base = activityFields('C1-V1');
	const issues = (over: Partial<ActivityInputFields>) => {
		const r = ActivityInput.safeParse({ ...base, ...over });
		return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
	};

	it('refuses negative, fractional and impossible counts, costs that do not add up, impossible dates and times', () => {
		expect(issues({ counts: { poor: -1 } })).toEqual({ 'counts.poor': 'activities.countNegative' });
		expect(issues({ counts: { poor: 2.5 } })).toEqual({ 'counts.poor': 'activities.countInteger' });
		expect(issues({ counts: { poor: 100_001 } })).toEqual({ 'counts.poor': 'activities.countTooLarge' });
		expect(issues({ cost: 500_000, costs: [{ source: 'local_budget', amount: 300_000 }] })).toEqual({ costs: 'activities.costsSum' });
		expect(issues({ cost: -5 })).toEqual({ cost: 'activities.costNegative' });
		expect(issues({ date: '2026-02-30' })).toEqual({ date: 'activities.dateFormat' });
		expect(issues({ date: '30/03/2026' })).toEqual({ date: 'activities.dateFormat' });
		expect(issues({ startTime: '25:00', endTime: null })).toEqual({ startTime: 'activities.timeFormat' });
		expect(issues({ startTime: '20:00', endTime: '19:00' })).toEqual({ endTime: 'activities.timeOrder' });
		expect(issues({ title: '   ' })).toEqual({ title: 'activities.titleRequired' });
		expect(Object.keys(issues({ status: 'verified' as never }))).toEqual(['status']);
		expect(Object.keys(issues({ extra: 1 } as never))).toEqual(['']);
		expect(issues({ cost: 300_000, costs: [{ source: 'local_budget', amount: 100_000 }, { source: 'socialised', amount: 200_000 }] })).toEqual({});
	});
});

describe.each(testDrivers)('activity checks against the database (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;
	let plan1: string, plan2: string, theme: string;
	const save = (actor: Actor, fields: ActivityInputFields) => saveActivity({ db: database.db, actor, now: when }, randomUUID(), fields, 'api');

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
		const p1 = await createPlanFromTemplate({ db: database.db, actor: w.officer1 }, { unitCode: 'C1', year: 2026 });
		const p2 = await createPlanFromTemplate({ db: database.db, actor: w.officer2 }, { unitCode: 'C2', year: 2026 });
		plan1 = p1.id;
		plan2 = p2.id;
		theme = planThemes(p1 as never)[0];
	});
	afterAll(() => database.close());

	it('refuses unknown codes, units outside, households outside, a plan of another commune and dates outside the plan', async () => {
		expect(await refusal(save(w.officer1, activityFields('C1', { channel: 'pigeon' })))).toEqual({ channel: 'activities.channelUnknown' });
		expect(await refusal(save(w.officer1, activityFields('C1', { counts: { aliens: 3 } })))).toEqual({ 'counts.aliens': 'activities.groupUnknown' });
		expect(await refusal(save(w.officer1, activityFields('C1', { audiences: ['nobody'] })))).toEqual({ 'audiences.0': 'activities.groupUnknown' });
		expect(await refusal(save(w.officer1, activityFields('C1', { costs: [{ source: 'lottery', amount: 1 }] })))).toEqual({
			'costs.0.source': 'activities.sourceUnknown'
		});
		expect(await refusal(save(w.officer1, activityFields('C1', { coveredUnits: ['C2-V1', 'C1-V2'] })))).toEqual({
			'coveredUnits.0': 'activities.coveredOutside'
		});
		expect(await refusal(save(w.officer1, activityFields('NOPE')))).toEqual({ unit: 'activities.unitUnknown' });
		expect(await refusal(save(w.officer1, activityFields('C1-V1', { households: [w.hh12] })))).toEqual({ 'households.0': 'activities.householdOutside' });
		expect(await refusal(save(w.officer1, activityFields('C1', { households: [randomUUID()] })))).toEqual({ 'households.0': 'activities.householdUnknown' });
		// A village head names households of their village only, even on a commune activity they may not record anyway.
		await expect(save(w.head11, activityFields('C1', { households: [w.hh11] }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await refusal(save(w.officer1, activityFields('C1', { plan: plan2 })))).toEqual({ plan: 'activities.planOtherUnit' });
		expect(await refusal(save(w.officer1, activityFields('C1', { plan: plan1, date: '2027-01-10', status: 'planned' })))).toEqual({
			date: 'activities.dateOutsidePlan'
		});
		expect(await refusal(save(w.officer1, activityFields('C1', { plan: plan1, themes: ['Không có trong kế hoạch'] })))).toEqual({
			'themes.0': 'activities.themeNotInPlan'
		});
		expect(await refusal(save(w.officer1, activityFields('C1', { date: '2026-06-16' })))).toEqual({ date: 'activities.doneInFuture' });
		expect(await refusal(save(w.officer1, activityFields('C1', { contentId: randomUUID() })))).toEqual({ contentId: 'activities.contentUnknown' });
		// Unit out of reach is a refusal of the actor, not of the content.
		await expect(save(w.officer2, activityFields('C1-V1'))).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'activities.outOfReach' });
		expect(await database.db.select().from(activities)).toHaveLength(0);
	});

	it('accepts a full activity: plan and theme, households of the unit, materials, costs by source (total derived)', async () => {
		expect(theme).toBeTruthy();
		const { activity } = await save(
			w.officer1,
			activityFields('C1', {
				plan: plan1,
				themes: [theme],
				coveredUnits: ['C1-V1', 'C1-V2'],
				audiences: ['poor', 'near_poor'],
				households: [w.hh11, w.hh12],
				materials: [{ label: 'Tờ gấp chính sách tín dụng', printed: 200, handedOut: 150 }],
				costs: [
					{ source: 'central_programme', amount: 1_200_000 },
					{ source: 'local_budget', amount: 300_000 }
				],
				date: '2026-06-15',
				status: 'planned'
			})
		);
		expect(activity).toMatchObject({
			plan: { id: plan1, periodFrom: 2026, periodTo: 2026 },
			themes: [theme],
			coveredUnits: [{ code: 'C1-V1' }, { code: 'C1-V2' }],
			cost: 1_500_000,
			materials: [{ label: 'Tờ gấp chính sách tín dụng', printed: 200, handedOut: 150, contentId: null }]
		});
		expect(activity.households).toHaveLength(2);
		const byPlan = await findActivities({ db: database.db, actor: w.officer1 }, { plan: plan1, theme, limit: 10, offset: 0 });
		expect(byPlan.items.map((a) => a.id)).toEqual([activity.id]);
		expect(byPlan.items[0]).toMatchObject({ households: 2, participants: 20, cost: 1_500_000 });
	});

	it('bad list filters are refused: a period key that names nothing, an unknown unit', async () => {
		const ctx = { db: database.db, actor: w.officer1 };
		await expect(findActivities(ctx, { period: '2026Q7', limit: 5, offset: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(findActivities(ctx, { unit: 'NOPE', limit: 5, offset: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('createActivity runs inside the caller’s transaction: a failure after it leaves nothing behind', async () => {
		const id = randomUUID();
		await expect(
			database.db.transaction(async (tx) => {
				await createActivity(tx, w.officer1, activityFields('C1', { title: 'Phát thanh' , channel: 'loudspeaker' }), { id, source: 'loudspeaker' });
				await storeFile(tx, { bytes: new TextEncoder().encode('<html>not an image</html>'), originalName: 'a.jpg', unitId: w.tree.c1.id, createdBy: null, accept: ['jpeg'] });
			})
		).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
		expect(await database.db.select().from(activities).where(eq(activities.id, id))).toHaveLength(0);
		const made = await database.db.transaction((tx) =>
			createActivity(tx, w.officer1, activityFields('C1', { channel: 'loudspeaker' }), { id, source: 'loudspeaker' })
		);
		expect(made).toMatchObject({ id, source: 'loudspeaker', channel: 'loudspeaker' });
		expect(bandedPng(2, 2, [[0, 0, 0]]).byteLength).toBeGreaterThan(50);
	});
});
