import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { spendingLines } from './budget.tables';
import { createAllocation, getBudgetOverview, recordSpending } from './budget.service';
import { allocation, buildBudgetWorld, spending, when } from './budget.testing';

describe.each(testDrivers)('budget: the last of a source’s money under concurrent spending (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildBudgetWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildBudgetWorld(database.db);
	});
	afterAll(() => database.close());

	it('twelve parallel spendings of 300.000 against 1.000.000: three are stored, the rest refused, never overspent', async () => {
		await createAllocation(ctx(w.officer1), allocation('C1', { source: 'socialised', amount: 1_000_000 }));
		const attempts = await Promise.allSettled(
			Array.from({ length: 12 }, (_, i) =>
				recordSpending(ctx(i % 2 ? w.officer1 : w.finance1), spending(w.conference1, { source: 'socialised', amount: 300_000, payee: `Người nhận ${i}` }))
			)
		);
		const stored = attempts.filter((a) => a.status === 'fulfilled');
		const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
		expect(stored).toHaveLength(3);
		expect(refused.map((r) => (r.reason as { messageKey?: string }).messageKey)).toEqual(Array(9).fill('budget.overspend'));
		const lines = await database.db.select().from(spendingLines).where(eq(spendingLines.sourceCode, 'socialised'));
		expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(900_000);
		const f = (await getBudgetOverview(ctx(w.finance1), 'C1', 2026)).sources.find((s) => s.source === 'socialised')!;
		expect(f.available).toBe(100_000);
	});
});
