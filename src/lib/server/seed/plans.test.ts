import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { systemActor } from '../access/actor';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { findPlans, getPlan } from '../modules/plans/plans.service';
import { comparePlanVersions } from '../modules/plans/plans.compare';
import { demoAccounts, demoUnits, DEMO_PASSWORD } from './demo';
import { seedPlans } from './plans';

describe('demo plans', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedPlans(database.db);
	});
	afterAll(() => database.close());

	it('loads the province plan, Hà Bình’s plans in each state the workspace shows, and Đa Quyn’s draft', async () => {
		const ctx = { db: database.db, actor: systemActor, now: () => new Date('2026-11-22T03:00:00Z') };
		const all = (await findPlans(ctx, { limit: 50, offset: 0 })).items;
		const summary = all.map((p) => [p.unit, p.period?.from, p.status, p.version, p.reference, p.issuedOn]).sort((a, b) => String(a).localeCompare(String(b)));
		expect(summary).toEqual([
			['16108', 2025, 'issued', 2, '2/KH-UBND', '2025-06-06'],
			['16108', 2025, 'superseded', 1, '1/KH-UBND', '2025-01-10'],
			['16108', 2026, 'issued', 1, '1/KH-UBND', '2026-01-20'],
			['24997', 2026, 'draft', 1, null, null],
			['38', 2026, 'issued', 1, '1/KH-UBND', '2026-01-08']
		]);
		const province = all.find((p) => p.unit === '38')!;
		const habinh = await getPlan(ctx, all.find((p) => p.unit === '16108' && p.period?.from === 2026)!.id);
		expect(habinh).toMatchObject({ issuer: 'UBND xã Hà Bình', parentIssuer: 'UBND tỉnh Thanh Hóa', basisPlanIds: [province.id], number: '1', date: '2026-01-20' });
		expect(habinh.bases[0].text).toBe(`Kế hoạch số 1/KH-UBND ngày 08/01/2026 của UBND tỉnh Thanh Hóa ${province.title.charAt(0).toLowerCase()}${province.title.slice(1)}`);
		const statuses = habinh.trackedTasks.map((t) => t.status);
		expect(statuses.filter((s) => s === 'done')).toHaveLength(3);
		expect(statuses).toContain('in_progress');
		expect(habinh.trackedTasks.some((t) => t.overdue)).toBe(true);
		const [older, newer] = all.filter((p) => p.unit === '16108' && p.period?.from === 2025).sort((a, b) => a.version - b.version);
		const diff = await comparePlanVersions(ctx, older.id, newer.id);
		expect(diff.counts).toEqual({ added: 1, removed: 0, changed: 4 });
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
