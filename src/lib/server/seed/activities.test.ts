import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, countDistinct, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { households } from '../modules/households/households.tables';
import { units } from '../modules/units/units.tables';
import { activityEvidence, activityHouseholds } from '../modules/activities/activities.tables';
import { findActivities } from '../modules/activities/activities.service';
import { seedDemo } from './demo';

describe('demo activities', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
	}, 120_000);
	afterAll(() => database.close());

	it('gives both communes a season of activities across channels, in every status, many tied to the plan', async () => {
		for (const [user, unit] of [
			['canbo.habinh', '16108'],
			['canbo.daquyn', '24997']
		] as const) {
			const { items } = await findActivities(await as(user), { unit, limit: 500, offset: 0 });
			expect(items.length, unit).toBeGreaterThanOrEqual(15);
			expect(new Set(items.map((a) => a.status)), unit).toEqual(new Set(['planned', 'done', 'verified']));
			expect(new Set(items.map((a) => a.channel)).size, unit).toBeGreaterThanOrEqual(5);
			expect(items.filter((a) => a.planId && a.themes.length).length, unit).toBeGreaterThan(items.length / 2);
			expect(items.some((a) => a.evidence > 0 && a.households > 0), unit).toBe(true);
		}
		// The village head sees their village's home visits only.
		const head = await findActivities(await as('truongthon.habinh'), { limit: 500, offset: 0 });
		expect(head.items.length).toBeGreaterThan(0);
		expect(new Set(head.items.map((a) => a.unit.code))).toEqual(new Set(['16108-01']));
	});

	it('reaches some households by name and leaves villages with none reached; photos are real images', async () => {
		const reachedByVillage = await database.db
			.select({ code: units.code, reached: countDistinct(activityHouseholds.householdId) })
			.from(units)
			.leftJoin(households, eq(households.unitId, units.id))
			.leftJoin(activityHouseholds, eq(activityHouseholds.householdId, households.id))
			.where(and(eq(units.level, 'village'), inArray(sql`left(${units.code}, 5)`, ['16108', '24997'])))
			.groupBy(units.code);
		expect(reachedByVillage.filter((v) => v.reached > 0).length).toBeGreaterThanOrEqual(3);
		expect(reachedByVillage.filter((v) => v.reached === 0).length).toBeGreaterThanOrEqual(3);
		const photos = await database.db.select().from(activityEvidence).where(eq(activityEvidence.kind, 'photo'));
		expect(photos.length).toBeGreaterThanOrEqual(5);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
