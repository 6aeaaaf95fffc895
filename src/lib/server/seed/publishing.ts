import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { contentItems } from '../modules/content/content.tables';
import { events } from '../modules/events/events.tables';
import { contentPublications, subscriptions } from '../modules/outreach/subscriptions.tables';
import { outboxMessages } from '../modules/outreach/outbox.tables';
import { publishToPlatforms } from '../modules/outreach/publications.service';
import { sendNotice } from '../modules/outreach/notices.service';
import { getEvent } from '../modules/events/events.service';
import { confirmSubscription, subscribe } from '../modules/outreach/subscriptions.service';

/** Figures the demo's Facebook posts show, as if read back (made up); Zalo gives none for OA broadcasts. */
const figures: Record<string, Record<string, number>>[] = [
	{ facebook: { reactions: 86, comments: 14, shares: 9, impressions: 1240, reach: 930 } },
	{ facebook: { reactions: 35, comments: 6, shares: 3, impressions: 610, reach: 472 } }
];

/**
 * Links of two demo subscriptions that everyone may know (the addresses are made up): one confirmed
 * (news, by e-mail), one waiting for confirmation (dialogues, by e-mail), so the confirm and
 * unsubscribe pages can be shown and tried without a mailbox.
 */
export const DEMO_SUBSCRIPTION_TOKENS = { active: 'demo-habinh-dang-ky-nhan-tin-001', pending: 'demo-habinh-cho-xac-nhan-tin-002' } as const;

/** Citizens who subscribed on Hà Bình's portal and confirmed (made-up addresses). */
const subscribers = [
	{ topics: ['news', 'dialogues'] as const, channel: 'email' as const, address: 'nguyen.thu.ha@example.vn' },
	{ topics: ['schedule'] as const, channel: 'sms' as const, address: '0386 102 417' },
	{ topics: ['news'] as const, channel: 'sms' as const, address: '0977 540 218' },
	{ topics: ['dialogues'] as const, channel: 'email' as const, address: 'le.van.phuc@example.vn' },
	{ topics: ['news', 'schedule', 'dialogues'] as const, channel: 'email' as const, address: 'hoi.nongdan.habinh@example.vn' }
];

/**
 * Hà Bình's outreach history for the demonstration: two articles posted to its Facebook Page and
 * Zalo OA (their posts already out, with figures read back), a notice by SMS to the poor households
 * of the (first two) villages invited to the next dialogue, and a handful of confirmed subscribers. Written
 * through the same services as officers and citizens use; needs the platform accounts (seedPlatforms).
 */
export async function seedPublishing(db: Db): Promise<void> {
	const officer = await actorForUser(db, await getUserByUsername(db, 'canbo.habinh'), 'session');
	const ctx = { db, actor: officer };

	// Subscribers first, so the articles published below reach those who asked for news.
	for (const s of subscribers) {
		await subscribe(db, { unit: '16108', topics: [...s.topics], channel: s.channel, address: s.address, locale: 'vi' });
	}
	// One more who has not opened the confirmation yet (pending), with a known link for the demonstration.
	await subscribe(db, { unit: '16108', topics: ['dialogues'], channel: 'email', address: 'chua.xac.nhan@example.vn', locale: 'vi' });
	await db.update(subscriptions).set({ token: DEMO_SUBSCRIPTION_TOKENS.pending }).where(eq(subscriptions.address, 'chua.xac.nhan@example.vn'));
	const pending = await db
		.select({ token: subscriptions.token })
		.from(subscriptions)
		.innerJoin(units, eq(units.id, subscriptions.unitId))
		.where(and(eq(units.code, '16108'), eq(subscriptions.status, 'pending'), sql`${subscriptions.address} <> 'chua.xac.nhan@example.vn'`));
	for (const p of pending) await confirmSubscription(db, p.token);
	await db
		.update(subscriptions)
		.set({ token: DEMO_SUBSCRIPTION_TOKENS.active })
		.where(and(eq(subscriptions.address, 'nguyen.thu.ha@example.vn'), eq(subscriptions.topic, 'news')));
	// Their confirmation messages were opened long ago: nothing left to send of them.
	await db
		.update(outboxMessages)
		.set({ status: 'sent', sentAt: sql`now()`, attempts: 1, providerMessageId: 'demo' })
		.where(and(eq(outboxMessages.kind, 'confirmation'), eq(outboxMessages.status, 'queued')));

	const articles = await db
		.select({ id: contentItems.id })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(and(eq(units.code, '16108'), eq(contentItems.kind, 'article'), inArray(contentItems.status, ['approved', 'published'])))
		.orderBy(contentItems.createdAt)
		.limit(2);
	for (const [i, a] of articles.entries()) {
		const out = await publishToPlatforms(ctx, { content: a.id, platforms: ['facebook', 'zalo_oa'] });
		// The demo's history: these posts went out before; the platforms' ids are made up.
		for (const p of out.publications) {
			const externalId = p.platform === 'facebook' ? `100000000016108_${70000 + i}` : `demo-zalo-broadcast-${i + 1}`;
			await db
				.update(contentPublications)
				.set({
					status: 'published',
					externalId,
					externalUrl: p.platform === 'facebook' ? `https://www.facebook.com/100000000016108/posts/${70000 + i}` : null,
					publishedAt: sql`now()`,
					engagement: figures[i % figures.length][p.platform] ?? {},
					engagementAt: sql`now()`
				})
				.where(eq(contentPublications.id, p.id));
			await db
				.update(outboxMessages)
				.set({ status: 'sent', sentAt: sql`now()`, attempts: 1, providerMessageId: externalId })
				.where(and(eq(outboxMessages.causeType, 'content_publication'), eq(outboxMessages.causeId, p.id)));
		}
	}

	// The notice about the coming dialogue, to the poor households of its two villages.
	const [next] = await db
		.select({ id: events.id, title: events.title, date: events.date, place: events.place, startTime: events.startTime })
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(and(sql`${units.path} LIKE (SELECT path FROM units WHERE code = '16108') || '%'`, eq(events.kind, 'dialogue'), sql`${events.date} >= current_date`))
		.orderBy(events.date)
		.limit(1);
	const day = next ? next.date.split('-').reverse().join('/') : '';
	const invited = next ? (await getEvent(ctx, next.id)).invitedVillages.map((v) => v.code) : [];
	await sendNotice(ctx, {
		channel: 'sms',
		body: next
			? `Mời hộ dự đối thoại ${day}${next.startTime ? ' lúc ' + next.startTime : ''}${next.place ? ' tại ' + next.place : ''}; mang theo thắc mắc về vay vốn, học nghề.`
			: 'Mời đại diện hộ dự họp thôn về vay vốn và học nghề; trưởng thôn sẽ báo giờ cụ thể.',
		villages: invited.length ? invited.slice(0, 2) : ['16108-02', '16108-05'],
		categories: ['poor'],
		event: next?.id ?? null
	});
}
