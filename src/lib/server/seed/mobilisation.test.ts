import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { findSponsors, getSponsorDetail } from '../modules/mobilisation/mobilisation.service';
import { findPairings, getPairingDetail } from '../modules/mobilisation/mobilisation.pairings';
import { mobilisationSummary } from '../modules/mobilisation/mobilisation.summary';
import { units } from '../modules/units/units.tables';
import { findPublishedStories } from '../modules/stories/stories.public';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedHouseholds } from './households';
import { seedMobilisation } from './mobilisation';

describe('demo mobilisation', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedHouseholds(database.db);
		await seedMobilisation(database.db);
	}, 180_000);
	afterAll(() => database.close());

	it('gives Hà Bình a cooperative, a bank branch and a better-off household, with pledges, receipts and gifts that add up', async () => {
		const ctx = await as('canbo.habinh');
		const sponsors = (await findSponsors(ctx, { limit: 50, offset: 0 })).items;
		expect(sponsors.map((s) => s.kind).sort()).toEqual(['better_off_household', 'enterprise', 'organisation']);
		for (const s of sponsors) {
			const d = await getSponsorDetail(ctx, s.id);
			expect(d.pledges.length).toBeGreaterThan(0);
			for (const p of d.pledges) {
				expect(p.received).toBe(p.receipts.reduce((n, r) => n + r.amount, 0));
				for (const r of p.receipts) expect(r.handedOn).toBeLessThanOrEqual(r.amount);
			}
			expect(s.received).toBe(d.pledges.reduce((n, p) => n + p.received, 0));
		}
		// Only the two who agreed are named publicly.
		expect(sponsors.filter((s) => s.consentPublic)).toHaveLength(2);
	});

	it('has three pairings with visits in Hà Bình, one household out of poverty in 2026, and the village head sees only the village', async () => {
		const ctx = await as('canbo.habinh');
		const pairings = (await findPairings(ctx, { limit: 50, offset: 0 })).items;
		expect(pairings).toHaveLength(3);
		expect(pairings.filter((p) => p.escaped === true)).toHaveLength(1);
		for (const p of pairings) {
			expect(['poor', 'near_poor']).toContain(p.startCategory);
			expect((await getPairingDetail(ctx, p.id)).visits.length).toBeGreaterThan(0);
		}
		const head = await as('truongthon.habinh');
		const own = (await findPairings(head, { limit: 50, offset: 0 })).items;
		expect(own.every((p) => p.unitCode === '16108-01')).toBe(true);
		const [habinh] = await database.db.select({ path: units.path }).from(units).where(eq(units.code, '16108'));
		const summary = await mobilisationSummary(database.db, habinh.path, '2026-01-01', '2026-12-31');
		expect(summary.householdsEscaped).toBe(1);
		expect((await findSponsors(await as('canbo.daquyn'), { limit: 50, offset: 0 })).items.map((s) => s.name)).toEqual(['Hợp tác xã Cà phê Đa Quyn']);
	});

	it('publishes the story of the pairing whose household agreed, naming neither the household nor the bank’s officer', async () => {
		const published = await findPublishedStories(database.db, { unit: '16108' });
		const [story] = published.items;
		expect(published.items).toHaveLength(1);
		expect(story.beforeAfter).toMatchObject({ before: 'poor', after: expect.stringMatching(/^(escaped|none)$/) });
		const ctx = await as('canbo.habinh');
		const agreed = (await findPairings(ctx, { limit: 50, offset: 0 })).items.filter((p) => p.storyConsent);
		expect(agreed).toHaveLength(1);
		expect(JSON.stringify(story)).not.toContain(agreed[0].householdName!);
		expect(JSON.stringify(story)).not.toContain('Vũ Thị Duyên');
	});
});
