import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { feedbackItems } from '../modules/feedback/feedback.tables';
import { findEvents, getEvent } from '../modules/events/events.service';
import { findPublicEvents } from '../modules/events/events.public';
import { EventListQuery } from '../modules/events/events.schemas';
import { seedDemo } from './demo';

describe('demo dialogues and events', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
	}, 180_000);
	afterAll(() => database.close());

	it('each commune has a held dialogue with attendance, two questions as feedback items and minutes, and an upcoming one open for registration', async () => {
		for (const [user, unit] of [
			['canbo.habinh', '16108'],
			['canbo.daquyn', '24997']
		] as const) {
			const ctx = await as(user);
			const past = await findEvents(ctx, EventListQuery.parse({ unit, when: 'past' }));
			const held = past.items.filter((e) => e.status === 'held' && e.kind === 'dialogue');
			expect(held.length, unit).toBeGreaterThanOrEqual(1);
			const e = await getEvent(ctx, held[0].id);
			expect(e.activity?.status, unit).toBe('done');
			expect(e.activity?.participants, unit).toBeGreaterThan(0);
			expect(e.activity?.households, unit).toBeGreaterThan(0);
			expect(e.questionList, unit).toHaveLength(2);
			expect(e.minutes?.chair, unit).toBeTruthy();
			expect(e.documents, unit).toHaveLength(1);
			const items = await database.db.select().from(feedbackItems).where(inArray(feedbackItems.id, e.questionList.map((q) => q.feedbackId)));
			expect(items.map((i) => i.channel), unit).toEqual(['dialogue', 'dialogue']);

			const upcoming = await findEvents(ctx, EventListQuery.parse({ unit, when: 'upcoming' }));
			expect(upcoming.items.some((x) => x.published && x.registrationOpen && x.registrations > 0), unit).toBe(true);
			expect((await findPublicEvents(database.db, unit)).length, unit).toBeGreaterThanOrEqual(1);
		}
		// The other commune's officer sees none of Hà Bình's events.
		const other = await findEvents(await as('canbo.daquyn'), EventListQuery.parse({ when: 'all' }));
		expect(other.items.every((e) => e.unit.code.startsWith('24997'))).toBe(true);
		// The village head of Đông Sơn sees the commune's dialogue that invited the village.
		const head = await findEvents(await as('truongthon.habinh'), EventListQuery.parse({ when: 'all' }));
		expect(head.items.map((e) => e.unit.code)).toContain('16108');
		expect(await database.db.select().from(feedbackItems).where(eq(feedbackItems.channel, 'dialogue'))).not.toHaveLength(0);
	});
});
