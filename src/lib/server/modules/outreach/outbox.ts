import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outboxMessages } from './outbox.tables';
import type { OutreachChannel } from './adapters/types';

/** One message to one recipient, as a cause writes it into the outbox. */
export interface OutboxInput {
	unitId: string;
	channel: OutreachChannel;
	/** publication, notice, subscription, confirmation, reminder, digest, answer */
	kind: string;
	recipient: string;
	subject?: string | null;
	body: string;
	payload?: Record<string, unknown>;
	/**
	 * Stable for the cause and recipient, e.g. `notice:<eventId>:<householdId>:sms`: writing the same
	 * key again is a no-op, so a repeated action never sends twice.
	 */
	idempotencyKey: string;
	accountId?: string | null;
	householdId?: string | null;
	userId?: string | null;
	subscriptionId?: string | null;
	causeType?: string | null;
	causeId?: string | null;
	createdBy?: string | null;
	/** Not before this time (a scheduled post or notice). */
	notBefore?: Date | null;
}

/**
 * Writes messages into the outbox. Call it with the transaction of the action that causes them,
 * so the messages exist exactly when the action does. Keys already there are skipped. Answers how
 * many rows were new.
 */
export async function enqueueOutbox(tx: Db, messages: readonly OutboxInput[]): Promise<{ queued: number; ids: string[] }> {
	if (!messages.length) return { queued: 0, ids: [] };
	const rows = await tx
		.insert(outboxMessages)
		.values(
			messages.map((m) => ({
				unitId: m.unitId,
				channel: m.channel,
				kind: m.kind,
				recipient: m.recipient,
				subject: m.subject ?? null,
				body: m.body,
				payload: m.payload ?? {},
				idempotencyKey: m.idempotencyKey,
				accountId: m.accountId ?? null,
				householdId: m.householdId ?? null,
				userId: m.userId ?? null,
				subscriptionId: m.subscriptionId ?? null,
				causeType: m.causeType ?? null,
				causeId: m.causeId ?? null,
				createdBy: m.createdBy ?? null,
				nextAttemptAt: m.notBefore ?? sql`now()`
			}))
		)
		.onConflictDoNothing({ target: outboxMessages.idempotencyKey })
		.returning({ id: outboxMessages.id });
	return { queued: rows.length, ids: rows.map((r) => r.id) };
}
