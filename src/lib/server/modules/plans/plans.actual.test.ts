import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildHousehold } from '../households/households.testing';
import { insertActivity } from '../indicators/indicators.testing';
import { buildPlan, buildPlanWorld } from './plans.fixtures';
import { replacePlanTargets } from './plans.repository';
import { getPlanActual, targetPeriods } from './plans.actual';

describe.each(testDrivers)('plan versus actual (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	let draftId: string, issuedId: string;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		world = await buildPlanWorld(db);
		draftId = (await buildPlan(db, { unitCode: 'C1', year: 2026 })).id;
		issuedId = (await buildPlan(db, { unitCode: 'C1', year: 2027, status: 'issued' })).id;
		await replacePlanTargets(db, draftId, [
			{ indicator: 'bulletins_broadcast', period: 'month', value: 4, note: null },
			{ indicator: 'dialogues_held', period: '2026Q1', value: 2, note: null },
			{ indicator: 'share_poor_reached', period: '2026', value: 80, note: null },
			{ indicator: 'feedback_received', period: '2026', value: 10, note: null },
			{ indicator: 'trainees', period: '2026X', value: 30, note: null }
		]);
		const poor = async (villageCode: string) => (await buildHousehold(db, { villageCode, classification: { year: 2026, category: 'poor' } })).id;
		const [a, b] = [await poor('C1-V1'), await poor('C1-V2')];
		await poor('C2-V1');
		for (const date of ['2026-01-05', '2026-01-12', '2026-01-19', '2026-02-02']) await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'loudspeaker', date: '2026-01-26', status: 'planned' });
		await insertActivity(db, { unitCode: 'C2-V1', channel: 'loudspeaker', date: '2026-01-26' });
		await insertActivity(db, { unitCode: 'C1', channel: 'dialogue', date: '2026-03-10', households: [a] });
		await insertActivity(db, { unitCode: 'C1', channel: 'dialogue', date: '2026-04-10', status: 'done', households: [b] });
	});
	afterAll(() => database.close());

	it('expands "month" and "year" over the plan’s years and reads plain keys', () => {
		expect(targetPeriods('month', { from: 2026, to: 2026 })!.map((p) => p.key)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
		expect(targetPeriods('year', { from: 2026, to: 2028 })!.map((p) => p.key)).toEqual(['2026', '2027', '2028']);
		expect(targetPeriods('2026Q3', null)!.map((p) => p.key)).toEqual(['2026Q3']);
		expect(targetPeriods('month', null)).toBeNull();
		expect(targetPeriods('2026X', { from: 2026, to: 2026 })).toBeNull();
	});

	it('sets every target beside the engine’s figure for the plan’s unit and the target’s periods', async () => {
		const actual = await getPlanActual(world.as(world.actors.officer), draftId, 'vi');
		expect(actual.unit).toEqual({ code: 'C1', name: 'Xã Một' });
		const bulletins = actual.rows.filter((r) => r.indicator === 'bulletins_broadcast');
		expect(bulletins).toHaveLength(12);
		expect(bulletins.slice(0, 3).map((r) => [r.period, r.periodLabel, r.target, r.actual, r.percent])).toEqual([
			['2026-01', 'Tháng 1/2026', 4, 3, 75],
			['2026-02', 'Tháng 2/2026', 4, 1, 25],
			['2026-03', 'Tháng 3/2026', 4, 0, 0]
		]);
		expect(actual.rows.find((r) => r.indicator === 'dialogues_held')).toMatchObject({ period: '2026Q1', target: 2, actual: 1, percent: 50, status: 'computed' });
		// Reach counts verified activities only: the April dialogue is done, not verified.
		expect(actual.rows.find((r) => r.indicator === 'share_poor_reached')).toMatchObject({ period: '2026', target: 80, actual: 50, percent: 63 });
		// No feedback was sent to this commune: the engine counts it, and it is zero.
		expect(actual.rows.find((r) => r.indicator === 'feedback_received')).toMatchObject({ actual: 0, status: 'computed' });
		expect(actual.rows.find((r) => r.indicator === 'trainees')).toMatchObject({ targetPeriod: '2026X', period: null, status: 'bad_period', actual: null });
	});

	it('hides reach from those who may not count households; refuses another commune and a village head', async () => {
		const finance = await getPlanActual(world.as(world.actors.finance), draftId, 'en');
		expect(finance.rows.find((r) => r.indicator === 'share_poor_reached')).toMatchObject({ actual: null, status: 'not_permitted' });
		expect(finance.rows.find((r) => r.indicator === 'bulletins_broadcast')).toMatchObject({ periodLabel: 'January 2026', actual: 3 });
		await expect(getPlanActual(world.as(world.actors.otherOfficer), draftId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// An issued plan is public, its actual is not.
		await expect(getPlanActual(world.as(world.actors.otherOfficer), issuedId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getPlanActual(world.as(world.actors.village), issuedId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getPlanActual(world.as(world.actors.province), issuedId)).rows.length).toBeGreaterThan(0);
		await expect(getPlanActual(world.as(world.actors.officer), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getPlanActual(world.as(world.actors.officer), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
