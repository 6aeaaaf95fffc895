import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { buildContent, buildContentWorld } from '../content/content.fixtures';
import { getContent } from '../content/content.service';
import { activities } from '../activities/activities.tables';
import { outboxMessages } from './outbox.tables';
import { outreachAccounts } from './accounts.tables';
import { contentPublications, subscriptions } from './subscriptions.tables';
import { completeScheduledPublications, findItemPublications, findPublications, markPublicationFailed, markPublicationSent, publishToPlatforms } from './publications.service';

const at = (iso: string) => () => new Date(iso);

describe.each(testDrivers)('publishing content to the portal, Facebook and Zalo (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildContentWorld(database.db);
		await database.db.insert(outreachAccounts).values([
			{ unitId: world.units.c1.id, platform: 'facebook', name: 'Xã Một', externalId: 'page-c1' },
			{ unitId: world.units.c1.id, platform: 'zalo_oa', name: 'Xã Một OA', externalId: 'oa-c1' }
		]);
	});
	afterAll(() => database.close());

	it('one action: portal published, one outbox message per external platform, an activity per platform (verified), audited; news subscribers told', async () => {
		const db = database.db;
		const item = await buildContent(world, { status: 'approved', kind: 'article', title: 'Hỗ trợ giống lúa vụ đông' });
		await db.insert(subscriptions).values([
			{ unitId: world.units.c1.id, topic: 'news', channel: 'email', address: 'ba.lan@example.vn', token: 'a'.repeat(32), status: 'active' },
			{ unitId: world.units.c1.id, topic: 'news', channel: 'sms', address: '84912000111', token: 'b'.repeat(32), status: 'pending' }
		]);
		const officer = { db, actor: world.actors.officer, now: at('2026-03-10T02:00:00Z') };
		const out = await publishToPlatforms(officer, { content: item.id, platforms: ['portal', 'facebook', 'zalo_oa'] });
		expect(out.publications.map((p) => p.platform).sort()).toEqual(['facebook', 'portal', 'zalo_oa']);
		expect((await getContent(world.as(world.actors.officer), item.id)).status).toBe('published');

		const msgs = await db.select().from(outboxMessages).where(eq(outboxMessages.causeType, 'content_publication'));
		const mine = msgs.filter((m) => out.publications.some((p) => p.id === m.causeId));
		expect(mine.map((m) => m.channel).sort()).toEqual(['facebook', 'zalo_oa']);
		const fb = mine.find((m) => m.channel === 'facebook')!;
		const fbPub = out.publications.find((p) => p.platform === 'facebook')!;
		expect(fb).toMatchObject({ recipient: 'page-c1', kind: 'publication', idempotencyKey: `publication:${fbPub.id}`, status: 'queued' });
		expect(fb.payload).toMatchObject({ link: `http://localhost:3000/portal/C1/news/${item.id}`, scheduledAt: null });
		expect(fb.body).toContain('Hỗ trợ giống lúa vụ đông');

		const pubs = await db.select().from(contentPublications).where(eq(contentPublications.contentItemId, item.id));
		expect(pubs.find((p) => p.platform === 'portal')).toMatchObject({ status: 'published', externalUrl: `http://localhost:3000/portal/C1/news/${item.id}` });
		const acts = await db.select().from(activities).where(eq(activities.contentId, item.id));
		expect(acts.map((a) => a.channelCode).sort()).toEqual(['facebook', 'portal', 'zalo']);
		expect(acts.every((a) => a.status === 'verified' && a.date === '2026-03-10')).toBe(true);
		expect(pubs.every((p) => acts.some((a) => a.id === p.activityId))).toBe(true);

		// Only the confirmed subscriber gets the news, with the unsubscribe link.
		const told = await db.select().from(outboxMessages).where(and(eq(outboxMessages.causeType, 'content'), eq(outboxMessages.causeId, item.id)));
		expect(told.map((m) => m.recipient)).toEqual(['ba.lan@example.vn']);
		expect(told[0].body).toContain(`/portal/subscriptions/${'a'.repeat(32)}/unsubscribe`);

		const audit = await findAuditEntries(db, systemActor, { entityType: 'content', entityId: item.id, limit: 20, offset: 0 });
		expect(audit.items.filter((e) => e.entry.action === 'content.publication.create')).toHaveLength(3);
	});

	it('the delivery hooks store the post id and address, or mark the publication failed', async () => {
		const db = database.db;
		const item = await buildContent(world, { status: 'published', kind: 'article', title: 'Lớp tập huấn nuôi bò' });
		const out = await publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['facebook', 'zalo_oa'] });
		const fb = out.publications.find((p) => p.platform === 'facebook')!;
		const zalo = out.publications.find((p) => p.platform === 'zalo_oa')!;
		await markPublicationSent(db, fb.id, { providerMessageId: 'page-c1_123', externalUrl: 'https://www.facebook.com/page-c1/posts/123' });
		await markPublicationFailed(db, zalo.id);
		const list = await findItemPublications(db, world.actors.officer, item.id);
		expect(list.find((p) => p.platform === 'facebook')).toMatchObject({ status: 'published', externalUrl: 'https://www.facebook.com/page-c1/posts/123' });
		expect(list.find((p) => p.platform === 'zalo_oa')).toMatchObject({ status: 'failed' });
	});

	it('scheduled: Facebook gets the time in the payload, Zalo waits in the outbox, activities are planned for that day; out-of-range times refused', async () => {
		const db = database.db;
		const item = await buildContent(world, { status: 'published', kind: 'social_post', title: 'Ngày hội việc làm' });
		// Times relative to the real clock: the outbox's own times come from the database's now().
		const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
		const local = (ms: number) => new Date(now.getTime() + ms + 7 * 3_600_000).toISOString().slice(0, 16);
		const ctx = { db, actor: world.actors.officer, now: () => now };
		await expect(publishToPlatforms(ctx, { content: item.id, platforms: ['facebook'], scheduledAt: local(5 * 60_000) })).rejects.toMatchObject({ messageKey: 'publishing.pub.scheduleRange' });
		await expect(publishToPlatforms(ctx, { content: item.id, platforms: ['facebook'], scheduledAt: local(31 * 86_400_000) })).rejects.toMatchObject({ messageKey: 'publishing.pub.scheduleRange' });
		await expect(publishToPlatforms(ctx, { content: item.id, platforms: ['facebook'], scheduledAt: '2026-13-40T99:00' })).rejects.toMatchObject({ name: 'ZodError' });
		const when = new Date(now.getTime() + 2 * 86_400_000);
		const out = await publishToPlatforms(ctx, { content: item.id, platforms: ['facebook', 'zalo_oa'], scheduledAt: local(2 * 86_400_000) });
		const msgs = await db.select().from(outboxMessages).where(eq(outboxMessages.causeType, 'content_publication'));
		const fb = msgs.find((m) => m.causeId === out.publications.find((p) => p.platform === 'facebook')!.id)!;
		const zalo = msgs.find((m) => m.causeId === out.publications.find((p) => p.platform === 'zalo_oa')!.id)!;
		expect(fb.payload).toMatchObject({ scheduledAt: when.toISOString(), link: null });
		expect(fb.nextAttemptAt.getTime()).toBeLessThan(when.getTime() - 86_400_000);
		expect(zalo.nextAttemptAt.toISOString()).toBe(when.toISOString());
		const acts = await db.select().from(activities).where(eq(activities.contentId, item.id));
		const day = local(2 * 86_400_000).slice(0, 10);
		expect(acts.map((a) => [a.status, a.date])).toEqual([
			['planned', day],
			['planned', day]
		]);

		// Facebook took the post (the worker's hook marks it published); its activity turns done when the time comes, not before.
		const fbPub = out.publications.find((p) => p.platform === 'facebook')!;
		await markPublicationSent(db, fbPub.id, { providerMessageId: 'post-1', externalUrl: null }, now);
		expect(await completeScheduledPublications(db, now)).toBe(0);
		expect(await completeScheduledPublications(db, new Date(when.getTime() + 60_000))).toBe(1);
		expect(await completeScheduledPublications(db, new Date(when.getTime() + 120_000))).toBe(0);
		const [pubRow] = await db.select().from(contentPublications).where(eq(contentPublications.id, fbPub.id));
		const after = await db.select().from(activities).where(eq(activities.contentId, item.id));
		expect(after.find((a) => a.id === pubRow.activityId)?.status).toBe('done');
		// Zalo's message still waits in the outbox: its activity stays planned.
		expect(after.filter((a) => a.id !== pubRow.activityId).map((a) => a.status)).toEqual(['planned']);
	});

	it('refuses items not approved, platforms without an account, a second publication (409 naming the first), other communes and roles without the right — writing nothing', async () => {
		const db = database.db;
		const before = (await db.select().from(outboxMessages)).length;
		const draft = await buildContent(world, { status: 'in_review', kind: 'article', title: 'Bản nháp' });
		await expect(publishToPlatforms({ db, actor: world.actors.officer }, { content: draft.id, platforms: ['portal'] })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'content.notApproved' });

		const item = await buildContent(world, { status: 'approved', kind: 'article', title: 'Chính sách vay vốn' });
		await expect(publishToPlatforms({ db, actor: world.actors.otherOfficer }, { content: item.id, platforms: ['portal'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(publishToPlatforms({ db, actor: world.actors.village }, { content: item.id, platforms: ['portal'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(publishToPlatforms({ db, actor: world.actors.leader }, { content: item.id, platforms: ['portal'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(publishToPlatforms({ db, actor: world.actors.officer }, { content: 'khong-phai-id', platforms: ['portal'] })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['tiktok' as 'portal'] })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: [] })).rejects.toMatchObject({ name: 'ZodError' });

		const c2 = await buildContent(world, { status: 'approved', kind: 'article', title: 'Tin xã Hai', unit: 'C2', author: world.actors.otherOfficer, approver: world.actors.otherLeader });
		const err = await publishToPlatforms({ db, actor: world.actors.otherOfficer }, { content: c2.id, platforms: ['portal', 'facebook'] }).catch((e) => e);
		expect(err).toMatchObject({ code: 'VALIDATION', messageKey: 'publishing.pub.noAccount', params: expect.objectContaining({ unit: 'Xã Hai', platform_en: 'Facebook Page' }) });
		// Nothing of the refused action stayed: the item is still approved, no publication.
		expect((await getContent(world.as(world.actors.otherOfficer), c2.id)).status).toBe('approved');
		expect(await db.select().from(contentPublications).where(eq(contentPublications.contentItemId, c2.id))).toEqual([]);

		const first = await publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['facebook'] });
		const again = await publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['portal', 'facebook'] }).catch((e) => e);
		expect(again).toMatchObject({ code: 'CONFLICT', messageKey: 'publishing.pub.already', details: [{ path: 'facebook', message: first.publications[0].id }] });
		expect((await getContent(world.as(world.actors.officer), item.id)).status).toBe('approved');
		expect((await db.select().from(outboxMessages)).length).toBe(before + 1);
	});

	it('lists publications only within scope', async () => {
		const db = database.db;
		const mine = await findPublications(db, world.actors.officer);
		expect(mine.length).toBeGreaterThan(0);
		expect(await findPublications(db, world.actors.otherOfficer)).toEqual([]);
		expect(await findPublications(db, world.actors.village)).toEqual([]);
		expect((await findPublications(db, world.actors.province)).length).toBe(mine.length);
	});
});
