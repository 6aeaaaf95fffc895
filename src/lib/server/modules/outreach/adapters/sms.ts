import { outreachEndpoints } from '../outreach.config';
import { DeliveryError, type ChannelAdapter, type OutgoingMessage } from './types';

/**
 * The HTTP SMS gateway (protocol in docs/ARCHITECTURE.md, "Platform protocols"): `POST {base}/sms`
 * with the unit's key (or the server's default) as a bearer token and the message's idempotency
 * key, so a retried request never sends a second SMS.
 */

/** A phone number in the form the platforms take: 84 and nine digits. Null when it is not a Vietnamese mobile number. */
export function platformNumber(value: string): string | null {
	const digits = value.replace(/[\s.\-()+]/g, '');
	const national = digits.startsWith('84') && digits.length === 11 ? digits.slice(2) : digits.startsWith('0') && digits.length === 10 ? digits.slice(1) : null;
	return national && /^[35789]\d{8}$/.test(national) ? '84' + national : null;
}

/** Seconds of a `Retry-After` header (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null): number | null {
	if (!header) return null;
	if (/^\d+$/.test(header.trim())) return Number(header.trim());
	const at = Date.parse(header);
	return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * One HTTP call to a platform: a connection refused, reset or timed out is a retryable failure
 * (the message goes back to the queue), never a thrown TypeError.
 */
export async function callPlatform(url: string, init: RequestInit, signal: AbortSignal): Promise<{ response: Response; body: unknown }> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, signal });
	} catch (err) {
		const name = (err as Error)?.name;
		throw new DeliveryError(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : `unreachable: ${String((err as Error)?.message ?? err).slice(0, 120)}`, { retryable: true });
	}
	const text = await response.text().catch(() => '');
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	return { response, body };
}

const SMS_ERRORS: Record<string, string> = {
	invalid_number: 'the gateway refused the number',
	text_too_long: 'the text is longer than the gateway takes',
	empty_text: 'the text is empty',
	invalid_sender: 'the gateway refused the sender name'
};

export const smsAdapter: ChannelAdapter = {
	channel: 'sms',
	async send(message: OutgoingMessage, signal: AbortSignal) {
		const endpoints = outreachEndpoints();
		if (!endpoints.smsGateway) throw new DeliveryError('no SMS gateway is configured (LANTOA_SMS_GATEWAY_URL)', { retryable: false });
		const key = message.account?.accessToken ?? endpoints.smsApiKey;
		if (!key) throw new DeliveryError('no SMS gateway key for this unit (account) or the server (LANTOA_SMS_GATEWAY_KEY)', { retryable: false });
		const to = platformNumber(message.recipient);
		if (!to) throw new DeliveryError('not a Vietnamese mobile number', { retryable: false });
		const sender = (message.account?.externalId ?? (message.account?.settings.sender as string | undefined) ?? 'LANTOA').slice(0, 11);
		const { response, body } = await callPlatform(
			`${endpoints.smsGateway}/sms`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'idempotency-key': message.idempotencyKey },
				body: JSON.stringify({ to, text: message.body, sender, reference: message.id })
			},
			signal
		);
		const status = response.status;
		const answer = (body ?? {}) as { id?: unknown; status?: unknown; error?: unknown };
		if (status === 200 && typeof answer.id === 'string') return { providerMessageId: answer.id };
		if (status === 429)
			throw new DeliveryError('the gateway asked to slow down', { retryable: true, rateLimited: true, retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) ?? 30, httpStatus: status });
		if (status === 401 || status === 403) throw new DeliveryError('the gateway refused the key', { retryable: false, httpStatus: status });
		if (status === 400) {
			const code = typeof answer.error === 'string' ? answer.error : 'bad_request';
			throw new DeliveryError(`${code}: ${SMS_ERRORS[code] ?? 'the gateway refused the message'}`, { retryable: false, httpStatus: status });
		}
		// 5xx, 408, a 200 without an id: the gateway may come back; the idempotency key makes the retry safe.
		throw new DeliveryError(`gateway answered ${status}`, { retryable: true, httpStatus: status });
	}
};
