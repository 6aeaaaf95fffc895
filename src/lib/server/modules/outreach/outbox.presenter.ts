import { isMessageKey, t, type Locale } from '../../../i18n';
import { maskPhone } from '../households/households.normalise';
import type { OutboxMessageRow } from './outbox.hooks';
import type { outboxAttempts } from './outbox.tables';
import type { OutboxMessageDetail, OutboxMessageItem } from './outbox.schemas';

/** A reason as stored (a catalog key, or the platform's words) in the reader's language. */
export function reasonText(locale: Locale, stored: string | null): string | null {
	if (!stored) return null;
	return isMessageKey(stored) ? t(locale, stored) : stored;
}

/** A recipient as readers without households.sensitive see it: phones like the register's, e-mail's name part hidden. */
export function maskRecipient(channel: string, recipient: string): string {
	if (channel === 'facebook') return recipient; // a Page id is public
	if (recipient.includes('@')) {
		const [name, domain] = recipient.split('@');
		return `${name.slice(0, 2)}•••••@${domain}`;
	}
	return maskPhone(recipient) ?? '';
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentMessage(
	row: OutboxMessageRow,
	unit: { code: string; name: string },
	opts: { locale: Locale; sensitive: boolean; canRetry: boolean }
): OutboxMessageItem {
	const status = row.status as OutboxMessageItem['status'];
	return {
		id: row.id,
		unitCode: unit.code,
		unitName: unit.name,
		channel: row.channel,
		kind: row.kind,
		recipient: opts.sensitive ? row.recipient : maskRecipient(row.channel, row.recipient),
		masked: !opts.sensitive,
		subject: row.subject,
		status,
		attempts: row.attempts,
		maxAttempts: row.maxAttempts,
		reason: reasonText(opts.locale, row.lastError),
		causeType: row.causeType,
		createdAt: row.createdAt.toISOString(),
		nextAttemptAt: status === 'queued' || status === 'failed' ? iso(row.nextAttemptAt) : null,
		sentAt: iso(row.sentAt),
		deliveredAt: iso(row.deliveredAt),
		retryable: opts.canRetry && (status === 'failed' || status === 'dead')
	};
}

export function presentDetail(
	row: OutboxMessageRow,
	unit: { code: string; name: string },
	attempts: (typeof outboxAttempts.$inferSelect)[],
	opts: { locale: Locale; sensitive: boolean; canRetry: boolean }
): OutboxMessageDetail {
	return {
		...presentMessage(row, unit, opts),
		body: row.body,
		providerMessageId: row.providerMessageId,
		attemptsLog: attempts.map((a) => ({
			attempt: a.attempt,
			outcome: a.outcome,
			httpStatus: a.httpStatus,
			detail: reasonText(opts.locale, a.detail),
			worker: a.worker,
			at: a.at.toISOString()
		}))
	};
}
