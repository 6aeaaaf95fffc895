import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { systemActor } from '../../access/actor';
import { requirePeriod } from '../../periods';
import { generateProvince } from '../../seed/generate';
import { mergeUnit } from '../units/units.service';
import { insertActivity } from '../indicators/indicators.testing';
import { computeDashboardFigures, computeIndicatorGrid, computeReachBreakdown, type IndicatorFigure } from '../indicators/indicators.engine';
import { resolveScope } from '../indicators/indicators.scope';
import { childCodes, monthCodes } from './dashboards.service';

/**
 * The dashboard reads each source once (computeDashboardFigures) and adds the cells up by month and
 * by child. Its figures must be the engine's own, computed by month, by child and for reach apart,
 * on a generated province with a merged commune and activities of the province covering villages.
 */
describe.each(testDrivers)('dashboard figures equal the engine’s (%s)', (driver) => {
	let database: Database;
	const extraMonth = ['feedback_received', 'spending', 'stories_published', 'articles_published', 'leaflets_distributed', 'households_reached_poor', 'share_poor_reached'];

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await generateProvince(database.db, { villages: 30, households: 900, activities: 9000, seed: 11, year: 2026, asOf: '2026-11-22' });
		// Commune G003 merged into G002 keeping its villages: its records show under G002.
		await mergeUnit({ db: database.db, actor: systemActor }, 'G003', { successorCode: 'G002', date: '2025-07-01', moveChildren: false });
		// Activities of the province covering villages, and of a commune covering one of its villages.
		await insertActivity(database.db, { unitCode: 'G', channel: 'dialogue', date: '2026-08-14', covered: ['G001-02', 'G002-05'], counts: { poor: 12, other: 30 } });
		await insertActivity(database.db, { unitCode: 'G', channel: 'loudspeaker', date: '2026-02-03', covered: ['G003-01'] });
		await insertActivity(database.db, { unitCode: 'G001', channel: 'training', date: '2026-09-30', covered: ['G001-03'], counts: { near_poor: 7 } });
	});
	afterAll(() => database.close());

	const zeros = (codes: readonly string[]): IndicatorFigure[] => codes.map((code) => ({ code, value: 0, status: 'computed' }));

	for (const [unit, key] of [
		['G', '2026Q3'],
		['G', '2026'],
		['G', '2026-02'],
		['G', '2025H2'],
		['G002', '2026Q1'],
		['G001', '2026Q3'],
		['G001-03', '2026Q3'],
		['G003', '2024']
	] as const)
		it(`${unit} ${key}: by month, by child and reach`, async () => {
			const db = database.db;
			const { rows } = await database.sql.query<{ path: string }>(`SELECT path FROM units WHERE code = $1`, [unit]);
			const scope = await resolveScope(db, rows[0].path);
			const period = requirePeriod(key);
			const months = [...monthCodes, ...extraMonth];
			const got = await computeDashboardFigures(db, scope, period, months, childCodes, true);
			const wantMonth = await computeIndicatorGrid(db, scope, period, months, 'month');
			const wantChild = await computeIndicatorGrid(db, scope, period, childCodes, 'child');
			const wantReach = await computeReachBreakdown(db, scope, period);
			expect([...got.byMonth.keys()].sort()).toEqual([...wantMonth.keys()].sort());
			for (const [k, figures] of wantMonth) expect(got.byMonth.get(k), `${unit} ${key} month ${k}`).toEqual(figures);
			for (const k of new Set([...got.byChild.keys(), ...wantChild.keys()]))
				expect(got.byChild.get(k) ?? zeros(childCodes), `${unit} ${key} child ${k}`).toEqual(wantChild.get(k) ?? zeros(childCodes));
			expect(got.reach).toEqual(wantReach);
			// Not all zeros: the province's quarter has activities and reach to count.
			if (unit === 'G' && key === '2026Q3') {
				expect([...got.byMonth.values()].flat().find((f) => f.code === 'dialogues_held')!.value).toBeGreaterThan(0);
				expect(got.reach!.total.reached).toBeGreaterThan(0);
			}
		});

	it('gives no reach when not asked for, and empty figures for a scope without units', async () => {
		const { rows } = await database.sql.query<{ path: string }>(`SELECT path FROM units WHERE code = 'G001'`);
		const scope = await resolveScope(database.db, rows[0].path);
		const got = await computeDashboardFigures(database.db, scope, requirePeriod('2026Q2'), monthCodes, childCodes, false);
		expect(got.reach).toBeNull();
		const empty = await computeDashboardFigures(database.db, { ...scope, units: [] }, requirePeriod('2026Q2'), monthCodes, childCodes, true);
		expect(empty.byChild.size).toBe(0);
		expect(empty.reach?.total).toEqual({ register: 0, reached: 0, share: null });
		expect([...empty.byMonth.values()].flat().every((f) => f.value === 0 || f.value === null)).toBe(true);
	});
});
