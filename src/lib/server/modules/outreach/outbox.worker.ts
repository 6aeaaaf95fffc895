import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { log } from '../../log';
import { adapterFor } from './adapters';
import { DeliveryError, type AccountCredentials, type OutgoingMessage, type SendResult } from './adapters/types';
import { deliveryHooks, type OutboxMessageRow } from './outbox.hooks';
import {
	claimDue,
	finishAttempt,
	releaseUnsent,
	resolveAccount,
	stillWanted,
	takeRateSlot,
	type AccountRow
} from './outbox.repository';
import { channelConfigured, rateFor } from './outbox.rates';
import { loadAccountCredentials } from './outreach.accounts';

export interface DeliverOptions {
	/** At most this many messages per call (small on PGlite: one connection serves the pages too). */
	limit?: number;
	/** Written into the delivery log with every attempt. */
	workerId?: string;
	/** How long a claimed message stays this worker's before another may take it over. */
	leaseSeconds?: number;
	/** How long one send may take before it is abandoned (and retried). */
	sendTimeoutMs?: number;
	/** Messages sent side by side within this call. */
	concurrency?: number;
}

export interface DeliverSummary {
	sent: number;
	failed: number;
	dead: number;
	cancelled: number;
}

const defaultWorker = `${hostname()}:${process.pid}`;

/** Exponential backoff with jitter: 10 s, 20 s, 40 s … up to an hour, ±50 %. */
export function backoffSeconds(attempt: number, retryAfterSeconds: number | null, random = Math.random): number {
	const base = Math.min(3600, 10 * 2 ** Math.max(0, attempt - 1));
	const jittered = Math.round(base * (0.5 + random()));
	return Math.max(jittered, retryAfterSeconds ?? 0);
}

/**
 * Delivers what is due now: claims a batch (`FOR UPDATE SKIP LOCKED`, a lease, committed at once),
 * then for each message, outside any transaction, checks that it is still wanted (consent,
 * subscription), takes a slot of its channel's rate bucket, sends it through its adapter with a
 * timeout, and records the outcome in one transaction fenced by the lease (a worker whose lease was
 * taken over records nothing; the platform's idempotency key keeps the taker from sending twice).
 */
export async function deliverDue(db: Db, opts: DeliverOptions = {}): Promise<DeliverSummary> {
	const workerId = opts.workerId ?? defaultWorker;
	const summary: DeliverSummary = { sent: 0, failed: 0, dead: 0, cancelled: 0 };
	const claimed = await claimDue(db, { limit: opts.limit ?? 25, leaseSeconds: opts.leaseSeconds ?? 60, workerId });
	if (!claimed.length) return summary;
	// Accounts looked up, and their secrets read when first needed, once per batch; each bucket's
	// slots taken for the whole batch in one statement.
	const accounts = new Map<string, Promise<AccountRow | null>>();
	const secrets = new Map<string, Promise<AccountCredentials | null>>();
	const credentials = (accountId: string) => {
		if (!secrets.has(accountId)) secrets.set(accountId, loadAccountCredentials(db, accountId));
		return secrets.get(accountId)!;
	};
	const plans: Plan[] = [];
	for (const message of claimed) {
		const key = `${message.accountId ?? ''}|${message.unitId}|${message.channel}`;
		if (!accounts.has(key)) accounts.set(key, resolveAccount(db, message));
		const account = await accounts.get(key)!;
		const configured = channelConfigured(message.channel, account);
		plans.push({ message, account, credentials, configured, bucket: account ? `${message.channel}:${account.id}` : message.channel, startAt: 0 });
	}
	const buckets = new Map<string, Plan[]>();
	for (const p of plans.filter((p) => p.configured)) buckets.set(p.bucket, [...(buckets.get(p.bucket) ?? []), p]);
	for (const [bucket, group] of buckets) {
		const rate = rateFor(group[0].message.channel, group[0].account);
		const firstWait = await takeRateSlot(db, bucket, rate, group.length);
		const now = Date.now();
		group.forEach((p, i) => (p.startAt = now + firstWait + Math.floor((i * 1000) / rate)));
	}
	const queue = [...plans];
	const lanes = Math.max(1, Math.min(opts.concurrency ?? 4, queue.length));
	await Promise.all(
		Array.from({ length: lanes }, async () => {
			for (let next = queue.shift(); next; next = queue.shift()) {
				const plan = next;
				const outcome = await deliverOne(db, plan, workerId, opts.sendTimeoutMs ?? 15_000).catch((err) => {
					log.error({ err, messageId: plan.message.id }, 'outbox delivery failed unexpectedly');
					return null;
				});
				if (outcome) summary[outcome]++;
			}
		})
	);
	return summary;
}

interface Plan {
	message: OutboxMessageRow;
	account: AccountRow | null;
	/** The account's secrets, read once per batch. */
	credentials(accountId: string): Promise<AccountCredentials | null>;
	configured: boolean;
	bucket: string;
	/** When this message's rate slot comes (local clock, ms). */
	startAt: number;
}

type Outcome = keyof DeliverSummary | null;

async function deliverOne(db: Db, plan: Plan, workerId: string, timeoutMs: number): Promise<Outcome> {
	const { message, account, bucket } = plan;
	const fence = message.leaseUntil!;
	const why = await stillWanted(db, message);
	if (why) {
		await finishAttempt(db, message, fence, { status: 'cancelled', outcome: 'cancelled', detail: why, workerId });
		return 'cancelled';
	}
	if (!plan.configured) {
		const error = new DeliveryError('outreach.error.notConfigured', { retryable: false });
		const done = await finishAttempt(db, message, fence, { status: 'dead', outcome: 'refused', detail: error.message, workerId }, deadHooks(message, error));
		return done ? 'dead' : null;
	}
	// The channel's pace, shared by every worker: wait for this message's slot.
	const waitMs = plan.startAt - Date.now();
	if (waitMs > 10_000) {
		// Too far ahead to hold the lease for: back to the queue at the slot's time, not counted as an attempt.
		await releaseUnsent(db, message, fence, waitMs);
		return null;
	}
	if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));

	const credentials = account ? await plan.credentials(account.id) : null;
	const outgoing: OutgoingMessage = {
		id: message.id,
		channel: message.channel as OutgoingMessage['channel'],
		kind: message.kind,
		recipient: message.recipient,
		subject: message.subject,
		body: message.body,
		payload: (message.payload ?? {}) as Record<string, unknown>,
		idempotencyKey: platformKeyOf(message),
		account: credentials
	};
	let result: SendResult;
	try {
		result = await adapterFor(outgoing.channel).send(outgoing, AbortSignal.timeout(timeoutMs));
	} catch (err) {
		const error =
			err instanceof DeliveryError
				? err
				: new DeliveryError(err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : String((err as Error)?.message ?? err).slice(0, 300), {
						retryable: true
					});
		return recordFailure(db, message, fence, error, workerId, bucket);
	}
	const hooks = deliveryHooks(message.causeType).filter((h) => h.sent);
	const done = await finishAttempt(
		db,
		message,
		fence,
		{
			status: result.delivered ? 'delivered' : 'sent',
			outcome: 'sent',
			providerMessageId: result.providerMessageId,
			delivered: !!result.delivered,
			workerId
		},
		hooks.length
			? async (tx, row) => {
					for (const h of hooks) await h.sent!(tx, row, result);
				}
			: undefined
	);
	return done ? 'sent' : null;
}

async function recordFailure(db: Db, message: OutboxMessageRow, fence: Date, error: DeliveryError, workerId: string, bucket: string): Promise<Outcome> {
	if (error.rateLimited && error.retryAfterSeconds) {
		// The platform asked everyone to wait: the whole bucket pauses, not just this message.
		await db.execute(
			sql`UPDATE outbox_rate_buckets SET next_at = greatest(next_at, now() + make_interval(secs => ${error.retryAfterSeconds})) WHERE key = ${bucket}`
		);
	}
	const exhausted = message.attempts >= message.maxAttempts;
	if (!error.retryable || exhausted) {
		const done = await finishAttempt(
			db,
			message,
			fence,
			{ status: 'dead', outcome: error.retryable ? 'failed' : 'refused', detail: error.message, httpStatus: error.httpStatus, workerId },
			deadHooks(message, error)
		);
		return done ? 'dead' : null;
	}
	const done = await finishAttempt(db, message, fence, {
		status: 'failed',
		outcome: error.rateLimited ? 'rate_limited' : 'failed',
		detail: error.message,
		httpStatus: error.httpStatus,
		retryInSeconds: backoffSeconds(message.attempts, error.retryAfterSeconds),
		workerId
	});
	return done ? 'failed' : null;
}

/** The cause's hooks for a message given up, or nothing when it has none (the outcome is then one statement). */
function deadHooks(message: OutboxMessageRow, error: DeliveryError) {
	const hooks = deliveryHooks(message.causeType).filter((h) => h.dead);
	return hooks.length
		? async (tx: Db, row: OutboxMessageRow) => {
				for (const h of hooks) await h.dead!(tx, row, error);
			}
		: undefined;
}

/**
 * The key the platform sees. An officer's retry of a message the platform had already accepted
 * (and then reported undelivered) needs a fresh key, or the platform would answer its first result
 * again without sending; every other retry keeps the key, so nothing goes twice.
 */
export function platformKeyOf(message: Pick<OutboxMessageRow, 'idempotencyKey' | 'payload'>): string {
	const round = Number((message.payload as Record<string, unknown> | null)?.retryRound ?? 0);
	return round > 0 ? `${message.idempotencyKey}#${round}` : message.idempotencyKey;
}

// ---------------------------------------------------------------------------------------------
// Running in a process: the pg-boss job starts a poller; callers wake it after their commit.

let poller: { db: Db; timer: NodeJS.Timeout; running: Promise<void> | null; again: boolean } | null = null;

/** Drains everything due, batch after batch, then returns (one at a time per process). */
async function drain(db: Db): Promise<void> {
	for (let round = 0; round < 400; round++) {
		const s = await deliverDue(db, { limit: 25 });
		if (s.sent + s.failed + s.dead + s.cancelled === 0) break;
	}
}

function tick() {
	if (!poller) return;
	if (poller.running) {
		poller.again = true;
		return;
	}
	const p = poller;
	p.running = drain(p.db)
		.catch((err) => log.error({ err }, 'outbox delivery round failed'))
		.finally(() => {
			p.running = null;
			if (p.again) {
				p.again = false;
				tick();
			}
		});
}

/**
 * The 'outbox-deliver' job: makes sure this process polls the outbox every `everySeconds` and
 * starts draining what is due now (without holding the job while it sends).
 */
export async function runOutboxJob(db: Db, everySeconds = 2): Promise<void> {
	if (!poller) {
		const timer = setInterval(tick, everySeconds * 1000);
		timer.unref();
		poller = { db, timer, running: null, again: false };
	}
	tick();
}

/** Delivers what is due without waiting for the next poll; call after the commit that queued it. Harmless when no worker runs here. */
export function wakeOutbox(): void {
	tick();
}

/** Stops this process's poller (tests, shutdown). */
export async function stopOutboxPoller(): Promise<void> {
	if (!poller) return;
	clearInterval(poller.timer);
	const running = poller.running;
	poller = null;
	await running;
}
