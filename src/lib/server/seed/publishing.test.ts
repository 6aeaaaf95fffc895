import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { findPublications } from '../modules/outreach/publications.service';
import { findNotices } from '../modules/outreach/notices.service';
import { getSubscriptionByToken, subscriptionSummary } from '../modules/outreach/subscriptions.service';
import { DEMO_SUBSCRIPTION_TOKENS } from './publishing';
import { outboxMessages } from '../modules/outreach/outbox.tables';
import { announceWeeklySchedules } from '../modules/outreach/subscriptions.announce';
import { seedDemo } from './demo';

describe('demo publishing, notices and subscriptions', () => {
	let database: Database;
	const saved = process.env.LANTOA_SECRET_KEY;
	beforeAll(async () => {
		process.env.LANTOA_SECRET_KEY = 'khoa-thu-nghiem-demo';
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
	}, 600_000);
	afterAll(async () => {
		if (saved === undefined) delete process.env.LANTOA_SECRET_KEY;
		else process.env.LANTOA_SECRET_KEY = saved;
		await database.close();
	});

	const actor = async (username: string) => actorForUser(database.db, await getUserByUsername(database.db, username), 'session');

	it('Hà Bình has items posted to Facebook and Zalo with figures, each recorded as an activity; Đa Quyn sees none of them', async () => {
		const pubs = await findPublications(database.db, await actor('canbo.habinh'));
		expect(pubs.filter((p) => p.platform === 'facebook' && p.status === 'published')).toHaveLength(2);
		expect(pubs.filter((p) => p.platform === 'zalo_oa' && p.status === 'published')).toHaveLength(2);
		expect(pubs.find((p) => p.platform === 'facebook')!.engagement.reactions).toBeGreaterThan(0);
		expect(pubs.every((p) => p.activityId)).toBe(true);
		expect(await findPublications(database.db, await actor('canbo.daquyn'))).toEqual([]);
	});

	it('a notice about the coming dialogue went to the poor households with consent; confirmed subscribers are counted', async () => {
		const [notice] = await findNotices(database.db, await actor('canbo.habinh'));
		expect(notice.event).not.toBeNull();
		expect(notice.queued).toBeGreaterThan(0);
		const msgs = await database.db.select().from(outboxMessages).where(eq(outboxMessages.causeId, notice.id));
		expect(msgs).toHaveLength(notice.queued);
		expect(msgs.every((m) => m.body.startsWith('Xã Hà Bình: ') && m.body.includes('HUY'))).toBe(true);
		const summary = await subscriptionSummary(database.db, await actor('canbo.habinh'));
		expect(summary.counts.reduce((n, c) => n + c.active, 0)).toBe(8);
		expect(summary.counts.reduce((n, c) => n + c.pending, 0)).toBe(1);
		// The two known demo links open their subscriptions.
		expect((await getSubscriptionByToken(database.db, DEMO_SUBSCRIPTION_TOKENS.active)).status).toBe('active');
		expect((await getSubscriptionByToken(database.db, DEMO_SUBSCRIPTION_TOKENS.pending)).status).toBe('pending');
		expect((await subscriptionSummary(database.db, await actor('canbo.daquyn'))).counts.every((c) => c.active === 0)).toBe(true);
	});

	it('Monday’s job sends the week’s loudspeaker schedule to Hà Bình’s schedule subscribers, once', async () => {
		const first = await announceWeeklySchedules(database.db);
		expect(first.units).toBe(1);
		expect(first.queued).toBe(2);
		const msgs = await database.db.select().from(outboxMessages).where(eq(outboxMessages.causeType, 'schedule_week'));
		expect(msgs).toHaveLength(2);
		expect(msgs.every((m) => m.subscriptionId && m.body.includes('/portal/16108/schedule'))).toBe(true);
		expect(msgs.find((m) => m.channel === 'sms')!.body).toMatch(/HUY/);
		expect(msgs.find((m) => m.channel === 'email')!.body).toMatch(/\/portal\/subscriptions\/[A-Za-z0-9_-]{32}\/unsubscribe/);
		expect(await announceWeeklySchedules(database.db)).toEqual({ units: 0, queued: 0 });
	});
});
