import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { can, scopeCondition, systemActor, type Actor } from '../../access/actor';
import { AppError, forbidden, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { t, type MessageKey } from '../../../i18n';
import { today } from '../../periods';
import { units } from '../units/units.tables';
import { contentItems } from '../content/content.tables';
import { loadContent } from '../content/content.service';
import { canReadContent } from '../content/content.policy';
import { publishContent } from '../content/content.workflow';
import { createActivity, loadActivity, verifyActivity, writeActivity } from '../activities/activities.service';
import { activities } from '../activities/activities.tables';
import { contentPublications } from './subscriptions.tables';
import { enqueueOutbox } from './outbox';
import { outreachEndpoints } from './outreach.config';
import { unitAccount } from './subscriptions.service';
import { onDelivery } from './outbox.hooks';

/**
 * Publishing an approved content item once to the portal, the unit's Facebook Page and its Zalo
 * OA. One transaction writes, per platform, the publication, the outbox message that will post it
 * (external platforms) and the activity that records it, so indicators and plans count it.
 */

export const publicationPlatforms = ['portal', 'facebook', 'zalo_oa'] as const;
export type PublicationPlatform = (typeof publicationPlatforms)[number];

export const platformKey: Record<PublicationPlatform, MessageKey> = {
	portal: 'publishing.platform.portal',
	facebook: 'publishing.platform.facebook',
	zalo_oa: 'publishing.platform.zalo_oa'
};

/** The activity channel (catalogue code) a publication is recorded under. */
const activityChannel: Record<PublicationPlatform, string> = { portal: 'portal', facebook: 'facebook', zalo_oa: 'zalo' };

/** Facebook schedules a post from 10 minutes to 30 days ahead (Pages API, scheduled_publish_time). */
export const SCHEDULE_MIN_MS = 10 * 60_000;
export const SCHEDULE_MAX_MS = 30 * 24 * 60 * 60_000;

/** A local date and time in Asia/Ho_Chi_Minh (YYYY-MM-DDTHH:mm, as an input of type datetime-local sends it). */
const LocalDateTime = z
	.string()
	.trim()
	.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'publishing.pub.scheduleFormat')
	.transform((v, ctx) => {
		const at = new Date(`${v}:00+07:00`);
		if (Number.isNaN(at.getTime())) {
			ctx.addIssue({ code: 'custom', message: 'publishing.pub.scheduleFormat' });
			return z.NEVER;
		}
		return at;
	});

export const PublishInput = z
	.object({
		content: z.uuid({ message: 'publishing.pub.contentRequired' }),
		platforms: z.array(z.enum(publicationPlatforms, { message: 'publishing.pub.platformInvalid' })).min(1, 'publishing.pub.platformRequired').max(3),
		/** Blank: now. */
		scheduledAt: LocalDateTime.nullish().transform((v) => v ?? null)
	})
	.strict();
export type PublishInput = z.input<typeof PublishInput>;

export interface PublishCtx {
	db: Db;
	actor: Actor;
	now?: () => Date;
}

/** The portal address of a published item, where the portal shows that kind. */
export function portalUrl(item: { id: string; kind: string }, unitCode: string, origin = outreachEndpoints().publicOrigin): string | null {
	if (item.kind === 'article') return `${origin}/portal/${unitCode}/news/${item.id}`;
	if (item.kind === 'leaflet') return `${origin}/portal/${unitCode}/leaflets`;
	return null;
}

/** The text posted to a platform: title, lead, and the portal link where there is one. */
function postText(item: { title: string; summary: string | null; body: string }, link: string | null): string {
	const lead = (item.summary ?? item.body).trim();
	const short = lead.length > 1500 ? lead.slice(0, 1500).replace(/\s+\S*$/, '') + '…' : lead;
	return [item.title, short, link].filter(Boolean).join('\n\n');
}

/**
 * Publishes an approved (or already published) item to the platforms asked, now or at a time.
 * Refuses: an item out of reach (NOT_FOUND) or not approved, a platform without an account, a
 * second publication to the same platform (CONFLICT naming the first), a time Facebook would refuse.
 */
export async function publishToPlatforms(ctx: PublishCtx, raw: PublishInput) {
	const input = PublishInput.parse(raw);
	const now = (ctx.now ?? (() => new Date()))();
	const platforms = [...new Set(input.platforms)];
	const scheduledAt = input.scheduledAt;
	if (scheduledAt) {
		const ahead = scheduledAt.getTime() - now.getTime();
		if (ahead < SCHEDULE_MIN_MS || ahead > SCHEDULE_MAX_MS)
			throw new AppError('VALIDATION', 'publishing.pub.scheduleRange', {}, [{ path: 'scheduledAt', message: scheduledAt.toISOString() }]);
	}
	return ctx.db.transaction(async (tx) => {
		const row = await loadContent(tx, input.content, { forUpdate: true });
		if (!canReadContent(ctx.actor, { unitPath: row.unitPath, status: row.item.status })) throw notFound('content.notFound');
		if (!can(ctx.actor, 'outreach.publish', row.unitPath)) throw forbidden();
		if (!['approved', 'published'].includes(row.item.status)) throw new AppError('CONFLICT', 'content.notApproved', { status: row.item.status });

		const existing = await tx.select().from(contentPublications).where(eq(contentPublications.contentItemId, row.item.id));
		for (const p of platforms) {
			const first = existing.find((e) => e.platform === p);
			if (first)
				throw new AppError('CONFLICT', 'publishing.pub.already', { platform_vi: t('vi', platformKey[p]), platform_en: t('en', platformKey[p]) }, [
					{ path: p, message: first.id }
				]);
		}
		const accounts: Partial<Record<PublicationPlatform, NonNullable<Awaited<ReturnType<typeof unitAccount>>>>> = {};
		for (const p of platforms) {
			if (p === 'portal') continue;
			const account = await unitAccount(tx, row.item.unitId, p);
			if (!account) throw new AppError('VALIDATION', 'publishing.pub.noAccount', { platform_vi: t('vi', platformKey[p]), platform_en: t('en', platformKey[p]), unit: row.unitName }, [{ path: 'platforms', message: p }]);
			accounts[p] = account;
		}

		// The portal first: the other platforms link to the item there.
		let onPortal = row.item.status === 'published';
		if (platforms.includes('portal') && !onPortal) {
			await publishContent({ db: tx, actor: ctx.actor, now: () => now }, row.item.id);
			onPortal = true;
		}
		const link = onPortal ? portalUrl(row.item, row.unitCode) : null;
		const verify = can(ctx.actor, 'activities.verify', row.unitPath);
		const created: { id: string; platform: PublicationPlatform }[] = [];

		for (const p of platforms) {
			const [pub] = await tx
				.insert(contentPublications)
				.values({
					contentItemId: row.item.id,
					unitId: row.item.unitId,
					platform: p,
					scheduledAt: p === 'portal' ? null : scheduledAt,
					status: p === 'portal' ? 'published' : 'queued',
					externalUrl: p === 'portal' ? link : null,
					createdBy: ctx.actor.userId,
					createdAt: now,
					publishedAt: p === 'portal' ? now : null
				})
				.returning({ id: contentPublications.id });
			let outboxMessageId: string | null = null;
			const account = accounts[p];
			if (account) {
				const { ids } = await enqueueOutbox(tx, [
					{
						unitId: row.item.unitId,
						channel: p as 'facebook' | 'zalo_oa',
						kind: 'publication',
						recipient: account.externalId ?? account.id,
						subject: row.item.title,
						body: postText(row.item, link),
						payload: { title: row.item.title, link, scheduledAt: scheduledAt?.toISOString() ?? null, contentId: row.item.id },
						accountId: account.id,
						causeType: 'content_publication',
						causeId: pub.id,
						createdBy: ctx.actor.userId,
						idempotencyKey: `publication:${pub.id}`,
						// Facebook holds a scheduled post itself (sent now with its time); Zalo has no such thing, so the outbox waits.
						notBefore: p === 'zalo_oa' ? scheduledAt : null
					}
				]);
				outboxMessageId = ids[0] ?? null;
			}
			const day = today(p === 'portal' ? now : (scheduledAt ?? now));
			const activity = await createActivity(
				tx,
				ctx.actor,
				{
					unit: row.unitCode,
					channel: activityChannel[p],
					title: t('vi', 'publishing.pub.activityTitle', { title: row.item.title, platform: t('vi', platformKey[p]) }).slice(0, 300),
					date: day,
					// A post scheduled for later is planned until its day.
					status: scheduledAt && p !== 'portal' ? 'planned' : 'done',
					audiences: row.item.audiences,
					contentId: row.item.id
				},
				{ source: 'content', now }
			);
			if (verify && activity.status === 'done') await verifyActivity({ db: tx, actor: ctx.actor, now: () => now }, activity.id);
			await tx.update(contentPublications).set({ outboxMessageId, activityId: activity.id }).where(eq(contentPublications.id, pub.id));
			await recordChange(tx, ctx.actor, {
				action: 'content.publication.create',
				entityType: 'content',
				entityId: row.item.id,
				unitId: row.item.unitId,
				after: { publicationId: pub.id, platform: p, scheduledAt: scheduledAt?.toISOString() ?? null, activityId: activity.id }
			});
			created.push({ id: pub.id, platform: p });
		}

		return { contentId: row.item.id, publications: created };
	});
}

/**
 * A post scheduled for later is recorded as a planned activity of its day. Once its time has come
 * and the platform holds the post, the activity is done, so it counts like any other post (the
 * `publication-engagement` job calls this). Answers how many activities changed.
 */
export async function completeScheduledPublications(db: Db, now = new Date()): Promise<number> {
	const due = await db
		.select({ activityId: activities.id })
		.from(contentPublications)
		.innerJoin(activities, eq(activities.id, contentPublications.activityId))
		.where(and(eq(contentPublications.status, 'published'), sql`${contentPublications.scheduledAt} <= ${now.toISOString()}::timestamptz`, eq(activities.status, 'planned')));
	let changed = 0;
	for (const { activityId } of due) {
		changed += await db.transaction(async (tx) => {
			const row = await loadActivity(tx, activityId, { forUpdate: true });
			const a = row.activity;
			if (a.status !== 'planned') return 0;
			const fields = { unit: row.unitCode, channel: a.channelCode, title: a.title, date: a.date, status: 'done' as const, audiences: a.audiences, contentId: a.contentId, version: a.version };
			await writeActivity(tx, systemActor, activityId, fields, { source: 'content', now });
			return 1;
		});
	}
	return changed;
}

/** The worker posted it: the platform's id and address are kept and the publication is published. */
export async function markPublicationSent(tx: Db, publicationId: string, result: { providerMessageId: string | null; externalUrl?: string | null }, at = new Date()) {
	await tx
		.update(contentPublications)
		.set({ status: 'published', externalId: result.providerMessageId, externalUrl: result.externalUrl ?? null, publishedAt: at })
		.where(eq(contentPublications.id, publicationId));
}

/** The message died (refused token, too many failures): the publication failed. */
export async function markPublicationFailed(tx: Db, publicationId: string) {
	await tx.update(contentPublications).set({ status: 'failed' }).where(and(eq(contentPublications.id, publicationId), sql`${contentPublications.status} <> 'published'`));
}

/** Publications of one item the actor may read (outreach.read on its unit). */
export async function findItemPublications(db: Db, actor: Actor, contentId: string) {
	if (!/^[0-9a-f-]{36}$/i.test(contentId)) return [];
	return selectPublications(db, actor, eq(contentPublications.contentItemId, contentId), 10);
}

/** The latest publications in the actor's reach, with their figures. */
export async function findPublications(db: Db, actor: Actor, limit = 50) {
	return selectPublications(db, actor, undefined, limit);
}

async function selectPublications(db: Db, actor: Actor, where: ReturnType<typeof eq> | undefined, limit: number) {
	const rows = await db
		.select({ pub: contentPublications, title: contentItems.title, unitName: units.name, unitCode: units.code })
		.from(contentPublications)
		.innerJoin(contentItems, eq(contentItems.id, contentPublications.contentItemId))
		.innerJoin(units, eq(units.id, contentPublications.unitId))
		.where(and(scopeCondition(actor, 'outreach.read', units.path), where))
		.orderBy(desc(contentPublications.createdAt))
		.limit(limit);
	return rows.map((r) => ({
		id: r.pub.id,
		contentId: r.pub.contentItemId,
		title: r.title,
		unit: { code: r.unitCode, name: r.unitName },
		platform: r.pub.platform as PublicationPlatform,
		status: r.pub.status,
		scheduledAt: r.pub.scheduledAt?.toISOString() ?? null,
		publishedAt: r.pub.publishedAt?.toISOString() ?? null,
		externalUrl: r.pub.externalUrl,
		engagement: r.pub.engagement as Record<string, number>,
		engagementAt: r.pub.engagementAt?.toISOString() ?? null,
		activityId: r.pub.activityId
	}));
}

// The worker tells a publication how its post went, in the transaction that marks the message.
onDelivery('content_publication', {
	async sent(tx, message, result) {
		if (message.causeId) await markPublicationSent(tx, message.causeId, result);
	},
	async dead(tx, message) {
		if (message.causeId) await markPublicationFailed(tx, message.causeId);
	}
});

/** Approved or published items the actor may publish (outreach.publish over their unit), newest first. */
export async function publishableItems(db: Db, actor: Actor, limit = 100) {
	const rows = await db
		.select({ id: contentItems.id, title: contentItems.title, kind: contentItems.kind, status: contentItems.status, unitName: units.name })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(and(sql`${contentItems.status} IN ('approved', 'published')`, scopeCondition(actor, 'outreach.publish', units.path)))
		.orderBy(desc(contentItems.updatedAt))
		.limit(limit);
	return rows;
}
