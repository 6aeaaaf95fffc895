import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outboxAttempts, outboxMessages } from './outbox.tables';
import type { OutboxMessageRow } from './outbox.hooks';
import { consentChannelOf } from './outbox.fanout';

/** A unit's platform account as the worker needs it (secrets stay encrypted here). */
export interface AccountRow {
	id: string;
	unitId: string;
	platform: string;
	name: string;
	externalId: string | null;
	hasToken: boolean;
	settings: Record<string, unknown>;
}

/**
 * Claims up to `limit` due messages: queued or failed and due, or sending with a lease that ran
 * out (its worker stopped). Locked rows are skipped, so two workers never claim the same message.
 * Each claim counts an attempt and sets a lease; a message taken over from a stopped worker gets a
 * line in the delivery log saying so.
 */
export async function claimDue(db: Db, opts: { limit: number; leaseSeconds: number; workerId: string }): Promise<OutboxMessageRow[]> {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: outboxMessages.id, status: outboxMessages.status, attempts: outboxMessages.attempts })
			.from(outboxMessages)
			.where(
				or(
					and(inArray(outboxMessages.status, ['queued', 'failed']), sql`${outboxMessages.nextAttemptAt} <= now()`),
					and(eq(outboxMessages.status, 'sending'), sql`${outboxMessages.leaseUntil} < now()`)
				)
			)
			.orderBy(outboxMessages.nextAttemptAt)
			.limit(opts.limit)
			.for('update', { skipLocked: true });
		if (!due.length) return [];
		const rows = await tx
			.update(outboxMessages)
			.set({
				status: 'sending',
				attempts: sql`${outboxMessages.attempts} + 1`,
				// Millisecond precision: the lease is also the fence the outcome is recorded against.
				leaseUntil: sql`date_trunc('milliseconds', clock_timestamp() + make_interval(secs => ${opts.leaseSeconds}))`,
				updatedAt: sql`now()`
			})
			.where(inArray(outboxMessages.id, due.map((d) => d.id)))
			.returning();
		const takenOver = due.filter((d) => d.status === 'sending');
		if (takenOver.length)
			await tx.insert(outboxAttempts).values(
				takenOver.map((d) => ({
					messageId: d.id,
					attempt: d.attempts,
					outcome: 'failed',
					detail: 'outreach.error.leaseExpired',
					worker: opts.workerId
				}))
			);
		return rows;
	});
}

export interface AttemptOutcome {
	status: 'sent' | 'delivered' | 'failed' | 'dead' | 'cancelled';
	outcome: 'sent' | 'failed' | 'rate_limited' | 'refused' | 'cancelled';
	detail?: string | null;
	httpStatus?: number | null;
	providerMessageId?: string | null;
	delivered?: boolean;
	retryInSeconds?: number;
	workerId: string;
}

/**
 * Records the outcome of one attempt, in one transaction: the message's new status (only while
 * this worker's lease `fence` is still on it), the delivery log line, and the cause's hooks.
 * Answers false, recording nothing, when another worker has taken the message over.
 */
export async function finishAttempt(
	db: Db,
	message: OutboxMessageRow,
	fence: Date,
	o: AttemptOutcome,
	inTransaction?: (tx: Db, row: OutboxMessageRow) => Promise<void>
): Promise<boolean> {
	const detail = o.detail ? o.detail.slice(0, 500) : null;
	if (!inTransaction) return finishInOneStatement(db, message, fence, o, detail);
	return db.transaction(async (tx) => {
		const sent = o.status === 'sent' || o.status === 'delivered';
		const [row] = await tx
			.update(outboxMessages)
			.set({
				status: o.status,
				leaseUntil: null,
				updatedAt: sql`now()`,
				lastError: sent ? null : detail,
				...(o.providerMessageId !== undefined ? { providerMessageId: o.providerMessageId } : {}),
				...(sent ? { sentAt: sql`now()` } : {}),
				...(o.status === 'delivered' ? { deliveredAt: sql`now()` } : {}),
				...(o.status === 'failed' ? { nextAttemptAt: sql`now() + make_interval(secs => ${o.retryInSeconds ?? 10})` } : {})
			})
			.where(and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, 'sending'), eq(outboxMessages.leaseUntil, fence)))
			.returning();
		if (!row) return false;
		const line = { messageId: row.id, attempt: row.attempts, httpStatus: o.httpStatus ?? null, worker: o.workerId, providerMessageId: o.providerMessageId ?? null };
		await tx.insert(outboxAttempts).values([
			{ ...line, outcome: o.outcome, detail },
			...(o.delivered ? [{ ...line, outcome: 'delivered' }] : [])
		]);
		if (inTransaction) await inTransaction(tx as unknown as Db, row);
		return true;
	});
}

/** The same as finishAttempt without hooks: the message's update and its log lines in one statement. */
async function finishInOneStatement(db: Db, message: OutboxMessageRow, fence: Date, o: AttemptOutcome, detail: string | null): Promise<boolean> {
	const sent = o.status === 'sent' || o.status === 'delivered';
	const provider = o.providerMessageId === undefined ? sql`provider_message_id` : sql`${o.providerMessageId}`;
	const outcomes = o.delivered ? sql`ARRAY[${o.outcome}, 'delivered']` : sql`ARRAY[${o.outcome}]`;
	const [row] = rowsOf<{ n: number }>(
		await db.execute(sql`
			WITH m AS (
				UPDATE outbox_messages SET status = ${o.status}, lease_until = NULL, updated_at = now(),
					last_error = ${sent ? null : detail}, provider_message_id = ${provider},
					sent_at = ${sent ? sql`now()` : sql`sent_at`},
					delivered_at = ${o.status === 'delivered' ? sql`now()` : sql`delivered_at`},
					next_attempt_at = ${o.status === 'failed' ? sql`now() + make_interval(secs => ${o.retryInSeconds ?? 10})` : sql`next_attempt_at`}
				WHERE id = ${message.id} AND status = 'sending' AND lease_until = ${fence.toISOString()}::timestamptz
				RETURNING id, attempts, provider_message_id
			), logged AS (
				INSERT INTO outbox_attempts (message_id, attempt, outcome, http_status, detail, provider_message_id, worker)
				SELECT m.id, m.attempts, x.outcome, ${o.httpStatus ?? null}::int, CASE WHEN x.outcome = 'delivered' THEN NULL ELSE ${detail}::text END,
					${o.providerMessageId ?? null}::text, ${o.workerId}
				FROM m, unnest(${outcomes}::text[]) WITH ORDINALITY AS x(outcome, n) ORDER BY x.n
				RETURNING 1
			)
			SELECT count(*)::int AS n FROM m`)
	);
	return Number(row?.n ?? 0) > 0;
}

/** Gives a claimed message back unsent (its rate slot is far ahead), not counting the attempt. */
export async function releaseUnsent(db: Db, message: OutboxMessageRow, fence: Date, waitMs: number): Promise<void> {
	await db
		.update(outboxMessages)
		.set({
			status: sql`CASE WHEN ${outboxMessages.lastError} IS NULL THEN 'queued' ELSE 'failed' END`,
			attempts: sql`greatest(0, ${outboxMessages.attempts} - 1)`,
			leaseUntil: null,
			nextAttemptAt: sql`now() + make_interval(secs => ${waitMs / 1000})`,
			updatedAt: sql`now()`
		})
		.where(and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, 'sending'), eq(outboxMessages.leaseUntil, fence)));
}

function rowsOf<T>(result: unknown): T[] {
	return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

/**
 * Why a message must not go any more, or null: the household's newest consent no longer grants
 * the channel, or the subscription ended (a confirmation may go to a subscription still pending).
 */
export async function stillWanted(db: Db, message: OutboxMessageRow): Promise<string | null> {
	if (message.householdId) {
		const channel = consentChannelOf[message.channel as keyof typeof consentChannelOf] ?? message.channel;
		const [c] = rowsOf<{ granted: boolean; channels: string[] }>(
			await db.execute(
				sql`SELECT granted, channels FROM household_consents WHERE household_id = ${message.householdId} ORDER BY recorded_at DESC, id DESC LIMIT 1`
			)
		);
		if (!c || !c.granted || !(c.channels ?? []).includes(channel)) return 'outreach.cancel.noConsent';
	}
	if (message.subscriptionId) {
		const [s] = rowsOf<{ status: string }>(await db.execute(sql`SELECT status FROM subscriptions WHERE id = ${message.subscriptionId}`));
		const ok = s && (s.status === 'active' || (s.status === 'pending' && message.kind === 'confirmation'));
		if (!ok) return 'outreach.cancel.unsubscribed';
	}
	return null;
}

/** The account a message goes out through: its own, else the nearest unit up the tree with an active account of the channel. */
export async function resolveAccount(db: Db, message: OutboxMessageRow): Promise<AccountRow | null> {
	const [row] = rowsOf<{ id: string; unit_id: string; platform: string; name: string; external_id: string | null; has_token: boolean; settings: unknown }>(
		await db.execute(
			message.accountId
				? sql`SELECT id, unit_id, platform, name, external_id, access_token_enc IS NOT NULL AS has_token, settings
					FROM outreach_accounts WHERE id = ${message.accountId} AND active`
				: sql`SELECT a.id, a.unit_id, a.platform, a.name, a.external_id, a.access_token_enc IS NOT NULL AS has_token, a.settings
					FROM outreach_accounts a JOIN units au ON au.id = a.unit_id JOIN units mu ON mu.id = ${message.unitId}
					WHERE a.platform = ${message.channel} AND a.active AND mu.path LIKE au.path || '%'
					ORDER BY length(au.path) DESC LIMIT 1`
		)
	);
	if (!row) return null;
	const settings = typeof row.settings === 'string' ? JSON.parse(row.settings) : (row.settings ?? {});
	return { id: row.id, unitId: row.unit_id, platform: row.platform, name: row.name, externalId: row.external_id, hasToken: !!row.has_token, settings };
}

/**
 * Takes the next `count` slots of a rate bucket with one atomic statement shared by every worker,
 * and answers how many milliseconds to wait for the first (the others follow one interval apart).
 */
export async function takeRateSlot(db: Db, key: string, ratePerSecond: number, count = 1): Promise<number> {
	const span = sql`make_interval(secs => ${count / ratePerSecond})`;
	const [row] = rowsOf<{ wait_ms: number | string }>(
		await db.execute(sql`
			INSERT INTO outbox_rate_buckets AS b (key, next_at, rate_per_second) VALUES (${key}, clock_timestamp() + ${span}, ${ratePerSecond})
			ON CONFLICT (key) DO UPDATE SET next_at = greatest(b.next_at, clock_timestamp()) + ${span}, rate_per_second = ${ratePerSecond}
			RETURNING greatest(0, extract(epoch FROM (b.next_at - ${span} - clock_timestamp())) * 1000) AS wait_ms`)
	);
	return Math.ceil(Number(row?.wait_ms ?? 0));
}
