import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { can, canSomewhere, escapeLike, scopeCondition, type Actor } from '../../access/actor';
import { AppError, forbidden, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import type { Locale } from '../../../i18n';
import { units } from '../units/units.tables';
import { outboxAttempts, outboxMessages } from './outbox.tables';
import { presentDetail, presentMessage } from './outbox.presenter';
import type { OutboxListQuery, OutboxMessageDetail, OutboxMessageItem } from './outbox.schemas';
import { wakeOutbox } from './outbox.worker';

export interface LogCtx {
	db: Db;
	actor: Actor;
	locale: Locale;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireReader(actor: Actor) {
	if (!canSomewhere(actor, 'outreach.read')) throw forbidden();
}

function optsFor(ctx: LogCtx, unitPath: string) {
	return {
		locale: ctx.locale,
		sensitive: can(ctx.actor, 'households.sensitive', unitPath),
		canRetry: can(ctx.actor, 'outreach.manage', unitPath)
	};
}

/** The unit filter: a unit the actor reads messages of (403 for one out of reach, 404 for none). */
async function unitFilter(ctx: LogCtx, code: string | undefined): Promise<SQL | null> {
	if (!code) return null;
	const [unit] = await ctx.db.select({ path: units.path }).from(units).where(eq(units.code, code)).limit(1);
	if (!unit) throw notFound('outreach.error.unitUnknown', { code });
	if (!can(ctx.actor, 'outreach.read', unit.path)) throw forbidden();
	return sql`${units.path} LIKE ${escapeLike(unit.path) + '%'}`;
}

const localDay = sql`(${outboxMessages.createdAt} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/** The delivery log: messages of the actor's units (newest first), filtered, a page at a time. */
export async function findMessages(ctx: LogCtx, query: OutboxListQuery): Promise<{ items: OutboxMessageItem[]; hasMore: boolean; limit: number; offset: number }> {
	requireReader(ctx.actor);
	const where: SQL[] = [scopeCondition(ctx.actor, 'outreach.read', units.path)];
	const byUnit = await unitFilter(ctx, query.unit);
	if (byUnit) where.push(byUnit);
	if (query.status) where.push(eq(outboxMessages.status, query.status));
	if (query.channel) where.push(eq(outboxMessages.channel, query.channel));
	if (query.kind) where.push(eq(outboxMessages.kind, query.kind));
	if (query.from) where.push(sql`${localDay} >= ${query.from}::date`);
	if (query.to) where.push(sql`${localDay} <= ${query.to}::date`);
	const rows = await ctx.db
		.select({ message: outboxMessages, unit: { code: units.code, name: units.name, path: units.path } })
		.from(outboxMessages)
		.innerJoin(units, eq(units.id, outboxMessages.unitId))
		.where(and(...where))
		.orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
		.limit(query.limit + 1)
		.offset(query.offset);
	return {
		items: rows.slice(0, query.limit).map((r) => presentMessage(r.message, r.unit, optsFor(ctx, r.unit.path))),
		hasMore: rows.length > query.limit,
		limit: query.limit,
		offset: query.offset
	};
}

async function loadVisible(db: Db, actor: Actor, id: string, lock = false) {
	if (!uuidPattern.test(id)) throw notFound('outreach.error.messageUnknown');
	const q = db
		.select({ message: outboxMessages, unit: { code: units.code, name: units.name, path: units.path } })
		.from(outboxMessages)
		.innerJoin(units, eq(units.id, outboxMessages.unitId))
		.where(and(eq(outboxMessages.id, id), scopeCondition(actor, 'outreach.read', units.path)));
	const [row] = lock ? await q.for('update', { of: outboxMessages }) : await q;
	// Another commune's message answers as if it did not exist.
	if (!row) throw notFound('outreach.error.messageUnknown');
	return row;
}

/** One message with every attempt and receipt, as the delivery log shows it. */
export async function getMessage(ctx: LogCtx, id: string): Promise<OutboxMessageDetail> {
	requireReader(ctx.actor);
	const row = await loadVisible(ctx.db, ctx.actor, id);
	const attempts = await ctx.db.select().from(outboxAttempts).where(eq(outboxAttempts.messageId, id)).orderBy(outboxAttempts.at, outboxAttempts.id);
	return presentDetail(row.message, row.unit, attempts, optsFor(ctx, row.unit.path));
}

/**
 * Sends a failed or given-up message again (outreach.manage on its unit), audited: it goes back to
 * the queue with a fresh count of attempts. A message the platform had accepted and then reported
 * undelivered gets a fresh key for the platform (see platformKeyOf); any other keeps its key, so a
 * retry can never make a second copy of one that did go.
 */
export async function retryMessage(ctx: LogCtx, id: string): Promise<OutboxMessageDetail> {
	requireReader(ctx.actor);
	await ctx.db.transaction(async (tx) => {
		const row = await loadVisible(tx, ctx.actor, id, true);
		if (!can(ctx.actor, 'outreach.manage', row.unit.path)) throw forbidden();
		const status = row.message.status;
		if (status !== 'dead' && status !== 'failed') throw new AppError('CONFLICT', 'outreach.error.notRetryable', { status });
		const payload = (row.message.payload ?? {}) as Record<string, unknown>;
		const accepted = row.message.providerMessageId !== null;
		await tx
			.update(outboxMessages)
			.set({
				status: 'queued',
				attempts: 0,
				nextAttemptAt: sql`now()`,
				leaseUntil: null,
				lastError: null,
				updatedAt: sql`now()`,
				...(accepted ? { payload: { ...payload, retryRound: Number(payload.retryRound ?? 0) + 1 }, providerMessageId: null } : {})
			})
			.where(eq(outboxMessages.id, id));
		await recordChange(tx, ctx.actor, {
			action: 'outreach.message.retry',
			entityType: 'outbox_message',
			entityId: id,
			unitId: row.message.unitId,
			before: { status, attempts: row.message.attempts, reason: row.message.lastError },
			after: { status: 'queued' }
		});
	});
	wakeOutbox();
	return getMessage(ctx, id);
}

export interface OutboxOverview {
	byStatus: Record<string, number>;
	byChannel: { channel: string; counts: Record<string, number>; total: number }[];
	/** The last seven days (Asia/Ho_Chi_Minh), oldest first: messages written each day by how they ended up. */
	days: { day: string; sent: number; failed: number; waiting: number; cancelled: number }[];
	/** Given up because no platform account or server is set up. */
	notConfigured: number;
}

/** Counts of the actor's units for the outreach hub. */
export async function outboxOverview(ctx: LogCtx): Promise<OutboxOverview> {
	requireReader(ctx.actor);
	const scope = scopeCondition(ctx.actor, 'outreach.read', units.path);
	const grouped = await ctx.db
		.select({ channel: outboxMessages.channel, status: outboxMessages.status, n: sql<number>`count(*)::int` })
		.from(outboxMessages)
		.innerJoin(units, eq(units.id, outboxMessages.unitId))
		.where(scope)
		.groupBy(outboxMessages.channel, outboxMessages.status);
	const byStatus: Record<string, number> = {};
	const channels = new Map<string, { channel: string; counts: Record<string, number>; total: number }>();
	for (const g of grouped) {
		const n = Number(g.n);
		byStatus[g.status] = (byStatus[g.status] ?? 0) + n;
		const c = channels.get(g.channel) ?? { channel: g.channel, counts: {}, total: 0 };
		c.counts[g.status] = n;
		c.total += n;
		channels.set(g.channel, c);
	}
	const perDay = await ctx.db
		.select({
			day: sql<string>`to_char(${localDay}, 'YYYY-MM-DD')`,
			sent: sql<number>`count(*) FILTER (WHERE ${outboxMessages.status} IN ('sent', 'delivered'))::int`,
			failed: sql<number>`count(*) FILTER (WHERE ${outboxMessages.status} IN ('failed', 'dead'))::int`,
			waiting: sql<number>`count(*) FILTER (WHERE ${outboxMessages.status} IN ('queued', 'sending'))::int`,
			cancelled: sql<number>`count(*) FILTER (WHERE ${outboxMessages.status} = 'cancelled')::int`
		})
		.from(outboxMessages)
		.innerJoin(units, eq(units.id, outboxMessages.unitId))
		.where(and(scope, sql`${localDay} > (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 7`))
		.groupBy(localDay);
	const found = new Map(perDay.map((d) => [d.day, d]));
	const today = new Date(Date.now() + 7 * 3_600_000); // Asia/Ho_Chi_Minh is UTC+7 all year
	const days = Array.from({ length: 7 }, (_, i) => {
		const day = new Date(today.getTime() - (6 - i) * 86_400_000).toISOString().slice(0, 10);
		const d = found.get(day);
		return { day, sent: Number(d?.sent ?? 0), failed: Number(d?.failed ?? 0), waiting: Number(d?.waiting ?? 0), cancelled: Number(d?.cancelled ?? 0) };
	});
	const [nc] = await ctx.db
		.select({ n: sql<number>`count(*)::int` })
		.from(outboxMessages)
		.innerJoin(units, eq(units.id, outboxMessages.unitId))
		.where(and(scope, eq(outboxMessages.status, 'dead'), eq(outboxMessages.lastError, 'outreach.error.notConfigured')));
	return { byStatus, byChannel: [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel)), days, notConfigured: Number(nc?.n ?? 0) };
}
