import { and, eq, isNotNull, lt, or, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { log } from '../../log';
import { contentPublications } from './subscriptions.tables';
import { outboxMessages } from './outbox.tables';
import { loadAccountCredentials } from './outreach.accounts';
import { facebookEngagement } from './adapters/facebook';
import './publications.service';

/**
 * Figures pulled back from the platforms for what Lan Tỏa published there: reactions, comments,
 * shares, impressions and reach of a Facebook post (Zalo's API gives no figures for OA broadcasts).
 * The job 'publication-engagement' runs it every few hours.
 */

export interface EngagementOptions {
	/** Publications whose figures are older than this are read again (default three hours). */
	staleMinutes?: number;
	/** Posts older than this many days are left as they are (default 90). */
	maxAgeDays?: number;
	limit?: number;
	now?: Date;
	timeoutMs?: number;
}

/**
 * Reads the figures of published posts whose figures are missing or stale, one post at a time
 * (the platforms limit calls per page), and stores them. A post the platform refuses is logged and
 * tried again next time; the others go on. Answers how many were updated and how many failed.
 */
export async function pullEngagement(db: Db, opts: EngagementOptions = {}): Promise<{ updated: number; failed: number }> {
	const now = opts.now ?? new Date();
	const stale = new Date(now.getTime() - (opts.staleMinutes ?? 180) * 60_000);
	const oldest = new Date(now.getTime() - (opts.maxAgeDays ?? 90) * 86_400_000);
	const due = await db
		.select({ id: contentPublications.id, platform: contentPublications.platform, externalId: contentPublications.externalId, accountId: outboxMessages.accountId })
		.from(contentPublications)
		.leftJoin(outboxMessages, eq(outboxMessages.id, contentPublications.outboxMessageId))
		.where(
			and(
				eq(contentPublications.status, 'published'),
				// Only Facebook gives figures; other platforms' posts would take the first places of every round for nothing.
				eq(contentPublications.platform, 'facebook'),
				isNotNull(contentPublications.externalId),
				sql`${contentPublications.publishedAt} >= ${oldest.toISOString()}::timestamptz`,
				or(isNull(contentPublications.engagementAt), lt(contentPublications.engagementAt, stale))
			)
		)
		.orderBy(sql`${contentPublications.engagementAt} NULLS FIRST`)
		.limit(opts.limit ?? 200);
	let updated = 0;
	let failed = 0;
	for (const p of due) {
		if (!p.accountId) continue;
		try {
			const account = await loadAccountCredentials(db, p.accountId);
			if (!account) throw new Error('account gone');
			const figures = await facebookEngagement(p.externalId!, account, AbortSignal.timeout(opts.timeoutMs ?? 15_000));
			const clean = Object.fromEntries(Object.entries(figures).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0));
			await db.update(contentPublications).set({ engagement: clean, engagementAt: now }).where(eq(contentPublications.id, p.id));
			updated++;
		} catch (err) {
			failed++;
			// No personal data here: the publication's id and the platform's answer only.
			log.warn({ publication: p.id, platform: p.platform, err: (err as Error).message }, 'engagement figures not read');
		}
	}
	return { updated, failed };
}
