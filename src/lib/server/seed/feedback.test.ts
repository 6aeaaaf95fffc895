import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { findFeedback } from '../modules/feedback/feedback.service';
import { findPublishedQuestions } from '../modules/feedback/feedback.intake';
import { FeedbackListQuery } from '../modules/feedback/feedback.schemas';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedFeedback } from './feedback';

describe('demo feedback', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedFeedback(database.db);
	});
	afterAll(() => database.close());

	it('puts a dozen items in both communes, in every status, some overdue, one merged, with published Q&A', async () => {
		const { items } = await findFeedback({ db: database.db, actor: systemActor }, FeedbackListQuery.parse({ limit: '200' }));
		expect(items.length).toBe(12);
		expect(new Set(items.map((i) => i.status))).toEqual(new Set(['received', 'assigned', 'answered', 'closed']));
		expect(items.filter((i) => i.overdue).length).toBeGreaterThanOrEqual(2);
		expect(items.filter((i) => i.merged)).toHaveLength(1);
		for (const unit of ['Xã Hà Bình', 'Xã Đa Quyn']) expect(items.some((i) => i.unitName === unit)).toBe(true);
		expect(await findPublishedQuestions(database.db, '16108', 'vi')).toHaveLength(1);
		expect(await findPublishedQuestions(database.db, '24997', 'vi')).toHaveLength(1);
	});
});
