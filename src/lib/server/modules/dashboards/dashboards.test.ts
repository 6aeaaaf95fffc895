import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { systemActor, type Actor } from '../../access/actor';
import { buildActor, buildUnit } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { mergeUnit } from '../units/units.service';
import { units } from '../units/units.tables';
import { plans, planTargets } from '../plans/plans.tables';
import { insertActivity } from '../indicators/indicators.testing';
import { defaultDashboardUnit, getDashboard, periodKeyOf } from './dashboards.service';

const fig = (figures: { code: string; value: number | null }[], code: string) => figures.find((f) => f.code === code)?.value;

describe.each(testDrivers)('dashboards (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let province: Actor, finance: Actor, admin: Actor;
	const ctx = (actor: Actor) => ({ db: database.db, actor, locale: 'vi' as const });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		province = await buildActor(db, 'province_officer', 'P1');
		finance = await buildActor(db, 'finance_officer', 'C1');
		admin = await buildActor(db, 'admin', null);
		// A commune merged into C1 on 2025-07-01, with a dialogue in 2024.
		await buildUnit(db, { code: 'C1OLD', name: 'Xã Cũ', level: 'commune', parentCode: 'P1' });
		await insertActivity(db, { unitCode: 'C1OLD', channel: 'dialogue', date: '2024-03-10', counts: { poor: 6 } });
		await mergeUnit({ db, actor: systemActor }, 'C1OLD', { successorCode: 'C1', date: '2025-07-01', moveChildren: true });
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'dialogue', date: '2024-08-10', counts: { poor: 4 } });

		const a = (await buildHousehold(db, { villageCode: 'C1-V1', classification: { year: 2026, category: 'poor' } })).id;
		await buildHousehold(db, { villageCode: 'C1-V2', classification: { year: 2026, category: 'poor' } });
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'dialogue', date: '2026-01-12', households: [a], counts: { poor: 9 } });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'loudspeaker', date: '2026-02-03' });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'loudspeaker', date: '2026-02-04' });
		await insertActivity(db, { unitCode: 'C2', channel: 'dialogue', date: '2026-01-12' });

		// A plan in force for C1 with a yearly and a quarterly target.
		const [c1] = await db.select().from(units).where((await import('drizzle-orm')).eq(units.code, 'C1'));
		const [plan] = await db
			.insert(plans)
			.values({ unitId: c1.id, seriesId: randomUUID(), status: 'issued', title: 'Kế hoạch truyền thông giảm nghèo năm 2026', periodFrom: 2026, periodTo: 2026, document: {} as never })
			.returning();
		await db.insert(planTargets).values([
			{ planId: plan.id, indicatorCode: 'dialogues_held', period: 'year', value: 4 },
			{ planId: plan.id, indicatorCode: 'bulletins_broadcast', period: '2026Q1', value: 8 },
			{ planId: plan.id, indicatorCode: 'bulletins_broadcast', period: '2026Q3', value: 8 }
		]);
	});
	afterAll(() => database.close());

	it('shows a commune: cards, plan versus actual, months, reach, villages', async () => {
		const d = await getDashboard(ctx(w.officer1), 'C1', '2026Q1');
		expect(d.unit.code).toBe('C1');
		expect(d.period.label).toBe('Quý 1/2026');
		expect(fig(d.cards, 'dialogues_held')).toBe(1);
		expect(fig(d.cards, 'bulletins_broadcast')).toBe(2);
		expect(fig(d.cards, 'households_reached')).toBe(1);
		expect(fig(d.cards, 'share_households_reached')).toBe(50);
		expect(d.plan.map((r) => [r.indicator, r.period, r.target, r.actual, r.percent])).toEqual([
			['bulletins_broadcast', '2026Q1', 8, 2, 25],
			['dialogues_held', '2026', 4, 1, 25]
		]);
		expect(d.months.map((m) => [m.key, fig(m.figures, 'dialogues_held'), fig(m.figures, 'bulletins_broadcast'), fig(m.figures, 'households_reached')])).toEqual([
			['2026-01', 1, 0, 1],
			['2026-02', 0, 2, 0],
			['2026-03', 0, 0, 0]
		]);
		expect(d.reach?.byCategory.find((c) => c.category === 'poor')).toMatchObject({ register: 2, reached: 1 });
		expect(d.reach?.byChannel.map((c) => [c.channel, c.reached])).toEqual([['dialogue', 1]]);
		expect(d.children.map((c) => [c.unit.code, fig(c.figures, 'dialogues_held'), fig(c.figures, 'bulletins_broadcast'), fig(c.figures, 'households_reached')])).toEqual([
			['C1-V1', 1, 0, 1],
			['C1-V2', 0, 2, 0]
		]);
		expect(d.trail.map((u) => [u.code, u.open])).toEqual([
			['P1', false],
			['C1', true]
		]);
	});

	it('shows a province with its communes, the merged commune under its successor', async () => {
		const d = await getDashboard(ctx(province), 'P1', '2024');
		expect(d.children.map((c) => c.unit.code)).toEqual(['C1']);
		expect(fig(d.children[0].figures, 'dialogues_held')).toBe(2);
		expect(fig(d.cards, 'dialogues_held')).toBe(2);
		const c1 = await getDashboard(ctx(province), 'C1', '2024');
		expect(fig(c1.cards, 'dialogues_held')).toBe(2);
		expect(c1.months.find((m) => m.key === '2024-03')!.figures.find((f) => f.code === 'dialogues_held')!.value).toBe(1);
		expect(c1.trail.every((u) => u.open)).toBe(true);
	});

	it('is live: an activity recorded now is in the next dashboard', async () => {
		const before = fig((await getDashboard(ctx(w.officer1), 'C1', '2026Q1')).cards, 'dialogues_held')!;
		await insertActivity(database.db, { unitCode: 'C1-V2', channel: 'dialogue', date: '2026-03-02', status: 'done' });
		const after = await getDashboard(ctx(w.officer1), 'C1', '2026Q1');
		expect(fig(after.cards, 'dialogues_held')).toBe(before + 1);
		expect(fig(after.children.find((c) => c.unit.code === 'C1-V2')!.figures, 'dialogues_held')).toBe(1);
	});

	it('keeps to the actor’s units: another commune, the province above, another province, another village', async () => {
		await expect(getDashboard(ctx(w.officer1), 'C2', '2026')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getDashboard(ctx(w.officer1), 'P1', '2026')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getDashboard(ctx(province), 'C2', '2026')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getDashboard(ctx(province), 'P2', '2026')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getDashboard(ctx(w.head11), 'C1-V2', '2026')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getDashboard(ctx(w.head11), 'C1-V1', '2026')).unit.code).toBe('C1-V1');
		expect((await getDashboard(ctx(admin), 'P2', '2026')).children.map((c) => c.unit.code)).toEqual(['C2']);
	});

	it('hides household counts from those who may not see them', async () => {
		const d = await getDashboard(ctx(finance), 'C1', '2026Q1');
		expect(d.reach).toBeNull();
		expect(d.cards.find((f) => f.code === 'households_reached')).toEqual({ code: 'households_reached', value: null, status: 'not_permitted' });
		expect(fig(d.cards, 'dialogues_held')).toBeGreaterThan(0);
	});

	it('refuses bad input with a clear error', async () => {
		await expect(getDashboard(ctx(w.officer1), 'C1', '2026Q5')).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(getDashboard(ctx(w.officer1), 'C1', '')).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(getDashboard(ctx(w.officer1), "C1'; --", '2026')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'dashboards.badUnit' });
		await expect(getDashboard(ctx(w.officer1), 'NOPE', '2026')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('opens on the actor’s own unit and reads the period form', async () => {
		expect(await defaultDashboardUnit(database.db, w.officer1)).toBe('C1');
		expect(await defaultDashboardUnit(database.db, province)).toBe('P1');
		expect(await defaultDashboardUnit(database.db, admin)).toBe('P1');
		expect(periodKeyOf('2026', '')).toBe('2026');
		expect(periodKeyOf('2026', 'q2')).toBe('2026Q2');
		expect(periodKeyOf('2026', '03')).toBe('2026-03');
	});
});
