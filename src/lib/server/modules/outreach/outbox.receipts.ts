import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { outboxAttempts, outboxMessages } from './outbox.tables';
import type { OutreachChannel } from './adapters/types';

export interface DeliveryReceipt {
	channel: OutreachChannel;
	/** The platform's id of the message, as its send answered (stored as provider_message_id). */
	providerMessageId: string;
	status: 'delivered' | 'failed';
	/** The platform's reason for a failure (no personal data). */
	detail?: string | null;
}

/**
 * Marks a sent message delivered, or failed on the handset's side, from a platform's delivery
 * receipt, and writes the receipt into the delivery log. A receipt for an unknown id, or a second
 * receipt for the same message, changes nothing. Answers whether a message was updated.
 */
export async function recordReceipt(db: Db, receipt: DeliveryReceipt): Promise<boolean> {
	return db.transaction(async (tx) => {
		const detail = receipt.detail ? receipt.detail.slice(0, 500) : null;
		const [row] = await tx
			.update(outboxMessages)
			.set(
				receipt.status === 'delivered'
					? { status: 'delivered', deliveredAt: sql`now()`, updatedAt: sql`now()` }
					: // The platform took it but the phone never got it: a failure of delivery, not to be sent again.
						{ status: 'dead', lastError: detail ?? 'delivery failed', updatedAt: sql`now()` }
			)
			.where(
				and(
					eq(outboxMessages.channel, receipt.channel),
					eq(outboxMessages.providerMessageId, receipt.providerMessageId),
					inArray(outboxMessages.status, ['sent'])
				)
			)
			.returning({ id: outboxMessages.id, attempts: outboxMessages.attempts });
		if (!row) return false;
		await tx.insert(outboxAttempts).values({
			messageId: row.id,
			attempt: row.attempts,
			outcome: receipt.status,
			detail,
			providerMessageId: receipt.providerMessageId,
			worker: 'receipt'
		});
		return true;
	});
}
