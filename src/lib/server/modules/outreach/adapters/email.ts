import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { outreachEndpoints } from '../outreach.config';
import { DeliveryError, type ChannelAdapter, type OutgoingMessage } from './types';

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
	let t = transports.get(url);
	if (!t) {
		t = nodemailer.createTransport(url);
		transports.set(url, t);
	}
	return t;
}

/**
 * The Message-ID of a message, derived from its idempotency key: a second delivery of the same
 * message carries the same id, so a receiving server or mail client can recognise it.
 */
export function messageIdOf(idempotencyKey: string, from: string): string {
	const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'lantoa.local';
	return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * E-mail through SMTP (nodemailer): plain text, the unit's sender when it has an e-mail account
 * (settings.smtpUrl, external id as From), else LANTOA_SMTP_URL and LANTOA_MAIL_FROM. When the
 * payload carries `unsubscribeUrl`, the one-click unsubscribe headers (RFC 8058) go with it.
 */
export const emailAdapter: ChannelAdapter = {
	channel: 'email',
	async send(message: OutgoingMessage, signal: AbortSignal) {
		const config = outreachEndpoints();
		const accountUrl = typeof message.account?.settings?.smtpUrl === 'string' ? (message.account.settings.smtpUrl as string) : null;
		const url = accountUrl || config.smtpUrl;
		if (!url) throw new DeliveryError('outreach.error.notConfigured', { retryable: false });
		const from = message.account?.externalId
			? `${message.account.name.replace(/[<>"]/g, '')} <${message.account.externalId}>`
			: config.mailFrom;
		const unsubscribe = typeof message.payload.unsubscribeUrl === 'string' ? message.payload.unsubscribeUrl : null;
		const headers: Record<string, string> = {};
		if (unsubscribe) {
			headers['List-Unsubscribe'] = `<${unsubscribe}>`;
			headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
		}
		if (signal.aborted) throw new DeliveryError('timeout', { retryable: true });
		try {
			const sending = transportFor(url).sendMail({
				from,
				to: message.recipient,
				subject: message.subject ?? '',
				text: message.body,
				messageId: messageIdOf(message.idempotencyKey, from),
				headers
			});
			const aborted = new Promise<never>((_, reject) =>
				signal.addEventListener('abort', () => reject(new DeliveryError('timeout', { retryable: true })), { once: true })
			);
			const info = await Promise.race([sending, aborted]);
			if (info.rejected?.length) throw new DeliveryError(`rejected: ${info.response ?? ''}`.slice(0, 300), { retryable: false });
			return { providerMessageId: info.messageId ?? null };
		} catch (err) {
			if (err instanceof DeliveryError) throw err;
			const e = err as { responseCode?: number; code?: string; message?: string };
			// 4xx is temporary in SMTP (greylisting, busy); 5xx is final; no answer at all is temporary.
			const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
			throw new DeliveryError(`${e.responseCode ?? e.code ?? 'smtp'}: ${(e.message ?? '').slice(0, 200)}`, { retryable: !permanent });
		}
	}
};
