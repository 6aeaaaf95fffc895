import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { findCommunicators, findCourses } from '../modules/training/training.service';
import { getCourseDetail } from '../modules/training/training.trainees';
import { getCertificatePdf } from '../modules/training/training.certificates';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedHouseholds } from './households';
import { seedTraining } from './training';

describe('demo training', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedHouseholds(database.db);
		await seedTraining(database.db);
	}, 240_000);
	afterAll(() => database.close());

	it('gives each demo commune eight communicators and a course with trainees, scores and two certificates', async () => {
		for (const user of ['canbo.habinh', 'canbo.daquyn']) {
			const ctx = await as(user);
			expect((await findCommunicators(ctx, { limit: 50, offset: 0 })).items, user).toHaveLength(8);
			const [course] = (await findCourses(ctx, { limit: 50, offset: 0 })).items;
			expect(course.attended).toBeGreaterThan(0);
			expect(course.attended).toBeLessThan(course.trainees);
			expect(course.averageGain).toBeGreaterThan(0);
			const detail = await getCourseDetail(ctx, course.id);
			const certified = detail.trainees.filter((t) => t.certificateNumber);
			expect(certified.map((t) => t.certificateNumber)).toEqual(['01/GCN-UBND', '02/GCN-UBND']);
			expect(certified.every((t) => t.attended)).toBe(true);
			// The demo numbers certificates; the first download makes the PDF.
			const pdf = await getCertificatePdf(ctx, course.id, certified[0].id);
			expect(Buffer.from(pdf.bytes).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		}
		const habinh = await getCourseDetail(await as('canbo.habinh'), (await findCourses(await as('canbo.habinh'), { limit: 1, offset: 0 })).items[0].id);
		expect(new Set(habinh.trainees.map((t) => t.kind))).toEqual(new Set(['communicator', 'user', 'household', 'other']));
	});
});
