import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { buildActor, buildTwoCommunes, buildUnit } from '../../testing/factories';
import { getCompleteness, periodsBetween } from './reports.completeness';
import { insertForm, insertReport } from './reports.completeness.testing';

const at = new Date('2026-03-03T05:00:00Z');

describe('periodsBetween', () => {
	it('lists the periods of a type from one key to another and refuses what is not a range', () => {
		expect(periodsBetween('month', '2025-11', '2026-02')?.map((p) => p.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
		expect(periodsBetween('quarter', '2026Q1', '2026Q1')?.map((p) => p.key)).toEqual(['2026Q1']);
		expect(periodsBetween('month', '2026-03', '2026-01')).toBeNull();
		expect(periodsBetween('month', '2026Q1', '2026-03')).toBeNull();
		expect(periodsBetween('month', 'abc', '2026-03')).toBeNull();
		expect(periodsBetween('month', '2020-01', '2026-01')).toBeNull();
	});
});

describe.each(testDrivers)('report completeness (%s)', (driver) => {
	let database: Database;
	let commune1: Actor, commune2: Actor, head11: Actor, province1: Actor, province2: Actor;
	const ids: Record<string, string> = {};
	const ctx = (actor: Actor) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		await buildTwoCommunes(db);
		// A village merged at the end of January and the one made from it on 1 February.
		await buildUnit(db, { code: 'C1-V3', name: 'Thôn Ba Cũ', level: 'village', parentCode: 'C1', validTo: '2026-01-31' });
		await buildUnit(db, { code: 'C1-V4', name: 'Thôn Bốn Mới', level: 'village', parentCode: 'C1', validFrom: '2026-02-01' });
		commune1 = await buildActor(db, 'commune_officer', 'C1');
		commune2 = await buildActor(db, 'commune_officer', 'C2');
		head11 = await buildActor(db, 'village_head', 'C1-V1');
		province1 = await buildActor(db, 'province_officer', 'P1');
		province2 = await buildActor(db, 'province_officer', 'P2');
		await insertForm(db, { code: 'thon-thang', level: 'village', periodType: 'month', dueDays: 5 });
		await insertForm(db, { code: 'xa-quy', level: 'commune', periodType: 'quarter', dueDays: 10 });
		const r = (f: Parameters<typeof insertReport>[1]) => insertReport(db, f);
		ids.v1jan = await r({ form: 'thon-thang', unitCode: 'C1-V1', period: '2026-01', status: 'submitted', dueOn: '2026-02-05', submittedAt: '2026-02-04T10:00:00Z' });
		// 01:00 on 6 February in Việt Nam: a day late, though still the 5th in UTC.
		ids.v2jan = await r({ form: 'thon-thang', unitCode: 'C1-V2', period: '2026-01', status: 'approved', dueOn: '2026-02-05', submittedAt: '2026-02-05T18:00:00Z' });
		ids.v1feb = await r({ form: 'thon-thang', unitCode: 'C1-V1', period: '2026-02', status: 'accepted', dueOn: '2026-03-05', submittedAt: '2026-03-01T03:00:00Z' });
		ids.v2feb = await r({ form: 'thon-thang', unitCode: 'C1-V2', period: '2026-02', status: 'returned', dueOn: '2026-03-05', submittedAt: '2026-03-01T03:00:00Z' });
		ids.v4feb = await r({ form: 'thon-thang', unitCode: 'C1-V4', period: '2026-02', status: 'draft', dueOn: '2026-03-05' });
		await r({ form: 'thon-thang', unitCode: 'C2-V1', period: '2026-01', status: 'submitted', dueOn: '2026-02-05', submittedAt: '2026-02-01T03:00:00Z' });
		// Commune quarter reports: C1's Q4 2025 late (due 10 January), C2's on time.
		ids.c1q4 = await r({ form: 'xa-quy', unitCode: 'C1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-10', submittedAt: '2026-01-12T03:00:00Z' });
		await r({ form: 'xa-quy', unitCode: 'C2', period: '2025Q4', status: 'submitted', dueOn: '2026-01-10', submittedAt: '2026-01-09T03:00:00Z' });
	});
	afterAll(() => database.close());

	it('counts expected, submitted, on time, late, missing and not yet due per period (hand-counted)', async () => {
		const view = await getCompleteness(ctx(commune1), { unit: 'C1', form: 'thon-thang', from: '2026-01', to: '2026-03' }, at);
		const counts = view.periods.map(({ key, expected, submitted, onTime, late, missing, pending }) => ({ key, expected, submitted, onTime, late, missing, pending }));
		expect(counts).toEqual([
			{ key: '2026-01', expected: 3, submitted: 2, onTime: 1, late: 1, missing: 1, pending: 0 },
			{ key: '2026-02', expected: 3, submitted: 1, onTime: 1, late: 0, missing: 0, pending: 2 },
			{ key: '2026-03', expected: 3, submitted: 0, onTime: 0, late: 0, missing: 0, pending: 3 }
		]);
		expect(view.total).toEqual({ expected: 9, submitted: 3, onTime: 2, late: 1, missing: 1, pending: 5 });
		const jan = view.periods[0].units;
		// The merged village is expected for January (it existed on the 31st), the new one is not.
		expect(jan.map((u) => [u.unit.code, u.state, u.reportId])).toEqual([
			['C1-V1', 'on_time', ids.v1jan],
			['C1-V2', 'late', ids.v2jan],
			['C1-V3', 'missing', null]
		]);
		expect(jan[1]).toMatchObject({ submittedOn: '2026-02-06', dueOn: '2026-02-05' });
		expect(view.periods[1].units.map((u) => [u.unit.code, u.state])).toEqual([
			['C1-V1', 'on_time'],
			['C1-V2', 'pending'],
			['C1-V4', 'pending']
		]);
		expect(view.periods[2].dueOn).toBe('2026-04-05');
	});

	it('a day later the returned and draft February reports are missing', async () => {
		const view = await getCompleteness(ctx(commune1), { unit: 'C1', form: 'thon-thang', from: '2026-02', to: '2026-02' }, new Date('2026-03-05T17:30:00Z'));
		expect(view.asOf).toBe('2026-03-06');
		expect(view.periods[0]).toMatchObject({ expected: 3, submitted: 1, missing: 2, pending: 0 });
	});

	it('a province sees its communes (and the villages under them), never the other province', async () => {
		const view = await getCompleteness(ctx(province1), { unit: 'P1', form: 'xa-quy', from: '2025Q4', to: '2026Q1' }, at);
		expect(view.periods.map((p) => [p.key, p.expected, p.late, p.pending])).toEqual([
			['2025Q4', 1, 1, 0],
			['2026Q1', 1, 0, 1]
		]);
		expect(view.periods[0].units).toEqual([expect.objectContaining({ unit: { code: 'C1', name: 'Xã Một' }, state: 'late', reportId: ids.c1q4 })]);
		const villages = await getCompleteness(ctx(province1), { unit: 'P1', form: 'thon-thang', from: '2026-01', to: '2026-01' }, at);
		expect(villages.periods[0].units.map((u) => u.unit.code)).toEqual(['C1-V1', 'C1-V2', 'C1-V3']);
	});

	it('refuses another commune, a village head asking for the commune, and the other province', async () => {
		const refused = async (actor: Actor, unit: string, form = 'thon-thang') =>
			getCompleteness(ctx(actor), { unit, form, from: '2026-01', to: '2026-01' }, at).then(
				() => 'allowed',
				(e: AppError) => `${e.code}`
			);
		expect(await refused(commune2, 'C1')).toBe('FORBIDDEN');
		expect(await refused(head11, 'C1')).toBe('FORBIDDEN');
		expect(await refused(province2, 'C1')).toBe('FORBIDDEN');
		expect(await refused(province2, 'P1', 'xa-quy')).toBe('FORBIDDEN');
		expect(await refused(commune1, 'C2')).toBe('FORBIDDEN');
	});

	it('answers bad input with a clear error: unknown unit or form, a form not below the unit, a bad range', async () => {
		const error = async (q: { unit: string; form: string; from?: string; to?: string }) =>
			getCompleteness(ctx(commune1), q, at).then(
				() => null,
				(e: AppError) => [e.code, e.messageKey]
			);
		expect(await error({ unit: 'NOPE', form: 'thon-thang' })).toEqual(['NOT_FOUND', 'unit.notFound']);
		expect(await error({ unit: "C1' OR 1=1", form: 'thon-thang' })).toEqual(['NOT_FOUND', 'unit.notFound']);
		expect(await error({ unit: 'C1', form: 'khong-co' })).toEqual(['VALIDATION', 'reports.completeness.badForm']);
		expect(await error({ unit: 'C1', form: 'xa-quy' })).toEqual(['VALIDATION', 'reports.completeness.notChildLevel']);
		expect(await error({ unit: 'C1', form: 'thon-thang', from: '2026-03', to: '2026-01' })).toEqual(['VALIDATION', 'reports.completeness.badRange']);
		expect(await error({ unit: 'C1', form: 'thon-thang', from: '2026Q1', to: '2026-03' })).toEqual(['VALIDATION', 'reports.completeness.badRange']);
		expect(await error({ unit: 'C1', form: 'thon-thang', from: '2026-13', to: '2026-03' })).toEqual(['VALIDATION', 'reports.completeness.badRange']);
	});

	it('defaults to the present period and the three before it', async () => {
		const view = await getCompleteness(ctx(commune1), { unit: 'C1', form: 'thon-thang' }, at);
		expect(view.periods.map((p) => p.key)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
	});
});
