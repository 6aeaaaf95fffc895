import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { findStories, getStory } from '../modules/stories/stories.service';
import { findPublishedStories } from '../modules/stories/stories.public';
import { findNominations } from '../modules/stories/stories.nominations';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedHouseholds } from './households';
import { seedStories } from './stories';

describe('demo stories', () => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		for (const u of demoUnits) await createUnit(ctx(), u);
		for (const a of demoAccounts)
			await createUser(ctx(), { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedHouseholds(database.db);
		await seedStories(database.db);
	}, 180_000);
	afterAll(() => database.close());

	it('publishes a household, a group and a person story in each commune, with consents, photos and a nomination', async () => {
		for (const unit of ['16108', '24997']) {
			const published = await findPublishedStories(database.db, { unit });
			expect(new Set(published.items.map((s) => s.subjectKind)), unit).toEqual(new Set(['household', 'group', 'person']));
			for (const s of published.items) expect(s.photos.length && s.photos.every((p) => p.alt.length > 10), s.title).toBeTruthy();
			const household = published.items.find((s) => s.subjectKind === 'household')!;
			expect(household.beforeAfter).toMatchObject({ beforeYear: 2025, before: 'poor', afterYear: 2026, after: expect.stringMatching(/^(escaped|none)$/) });
			const all = await findStories(ctx(), { unit, limit: 200 });
			for (const s of all.items) expect((await getStory(ctx(), s.id)).consentComplete, s.title).toBe(true);
		}
		const nominations = await findNominations(ctx());
		expect(nominations.map((n) => n.unit).sort()).toEqual(['16108', '24997']);
		expect((await findPublishedStories(database.db, { unit: '38' })).items.every((s) => s.unit.startsWith('16108'))).toBe(true);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
