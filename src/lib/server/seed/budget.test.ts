import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { actorForUser } from '../auth/grants';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { findSpending, getBudgetOverview } from '../modules/budget/budget.service';
import { getSettlement } from '../modules/budget/budget.settlement';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedPlans } from './plans';
import { seedHouseholds } from './households';
import { seedActivities } from './activities';
import { seedBudget } from './budget';

describe('demo budget', () => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		for (const u of demoUnits) await createUnit(ctx(), u);
		for (const a of demoAccounts)
			await createUser(ctx(), { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedPlans(database.db);
		await seedHouseholds(database.db);
		await seedActivities(database.db);
		await seedBudget(database.db);
	}, 240_000);
	afterAll(() => database.close());

	it('both communes have allocations from several sources with decisions, spending approved, waiting and sent back', async () => {
		const finance = await actorForUser(database.db, await getUserByUsername(database.db, 'ketoan.habinh'), 'session');
		const overview = await getBudgetOverview({ db: database.db, actor: finance }, '16108', 2026);
		expect(overview.sources.filter((s) => s.allocated > 0).length).toBeGreaterThanOrEqual(3);
		expect(overview.sources.every((s) => s.available >= 0)).toBe(true);
		const lines = (await findSpending({ db: database.db, actor: finance }, { unit: '16108' })).items;
		expect(new Set(lines.map((l) => l.status))).toEqual(new Set(['approved', 'recorded', 'correction_requested']));
		expect(lines.find((l) => l.status === 'correction_requested')!.review!.note).toMatch(/hóa đơn/i);
		const province = await getSettlement(ctx(), '38', 2026);
		expect(province.holders.map((h) => h.code).sort()).toEqual(['16108', '38']);
		expect(province.total.settled).toBe(province.lines.reduce((s, l) => s + l.amount, 0));
		const daquyn = await getSettlement(ctx(), '24997', 2026);
		expect(daquyn.allocations.length).toBeGreaterThanOrEqual(2);
		expect(daquyn.total.settled).toBeGreaterThan(0);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
