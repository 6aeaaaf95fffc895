import { outreachEndpoints } from '../outreach.config';
import { callPlatform, platformNumber } from './sms';
import { DeliveryError, type ChannelAdapter, type OutgoingMessage } from './types';

/**
 * Zalo Notification Service: a template message, approved by Zalo beforehand, to a phone number
 * (`POST {zns}/message/template` with the OA's `access_token` header). `tracking_id` carries the
 * outbox's idempotency key, so a delivery can be matched to its message.
 */

/** Seconds until the next midnight in Vietnam, when ZNS daily quotas start again. */
export function secondsToVietnamMidnight(now = new Date()): number {
	const vn = new Date(now.getTime() + 7 * 3600_000);
	const next = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + 1) - 7 * 3600_000;
	return Math.max(60, Math.ceil((next - now.getTime()) / 1000));
}

/** What a Zalo `error` code means for a retry: documented codes, the rest retried with backoff. */
export function zaloFailure(code: number, message: string, httpStatus: number): DeliveryError {
	const text = `zalo error ${code}: ${message.slice(0, 200)}`;
	switch (code) {
		case -32: // more requests than allowed per minute
			return new DeliveryError(text, { retryable: true, rateLimited: true, retryAfterSeconds: 60, httpStatus });
		case -144: // ZNS daily quota used up
		case -211: // broadcast quota used up for today
			return new DeliveryError(text, { retryable: true, rateLimited: true, retryAfterSeconds: secondsToVietnamMidnight(), httpStatus });
		case -124: // ZNS: access token invalid
		case -216: // OA: access token invalid
		case -108: // phone number invalid
		case -118: // no Zalo account for the number
		case -119: // the account cannot receive ZNS
		case -131: // template not approved / unknown
		case -1123: // template data missing parameters
		case -201: // parameters invalid
		case -213: // user does not follow the OA
		case -230: // user has not interacted with the OA in the last 7 days
			return new DeliveryError(text, { retryable: false, httpStatus });
		default:
			return new DeliveryError(text, { retryable: true, httpStatus });
	}
}

/** A Zalo answer `{ error, message, data }`: the data on success, a DeliveryError otherwise. */
export function zaloData(response: Response, body: unknown): Record<string, unknown> {
	const answer = (body ?? {}) as { error?: unknown; message?: unknown; data?: unknown };
	if (response.status === 429) throw new DeliveryError('zalo asked to slow down', { retryable: true, rateLimited: true, retryAfterSeconds: 60, httpStatus: 429 });
	if (response.status >= 500 || typeof answer.error !== 'number') throw new DeliveryError(`zalo answered ${response.status}`, { retryable: true, httpStatus: response.status });
	if (answer.error !== 0) throw zaloFailure(answer.error, String(answer.message ?? ''), response.status);
	return (answer.data ?? {}) as Record<string, unknown>;
}

function templateOf(message: OutgoingMessage): { id: string; data: Record<string, unknown> } {
	const p = message.payload;
	const templates = (message.account?.settings.templates ?? {}) as Record<string, unknown>;
	const id = typeof p.templateId === 'string' ? p.templateId : templates[String(p.templateKind ?? message.kind)];
	if (typeof id !== 'string' || !id) throw new DeliveryError('no ZNS template for this kind of message in the unit\'s account', { retryable: false });
	const data = p.templateData && typeof p.templateData === 'object' ? (p.templateData as Record<string, unknown>) : { unit: message.account?.name ?? '', message: message.body };
	return { id, data };
}

export const znsAdapter: ChannelAdapter = {
	channel: 'zns',
	async send(message: OutgoingMessage, signal: AbortSignal) {
		const token = message.account?.accessToken;
		if (!token) throw new DeliveryError('the unit has no ZNS account with an access token', { retryable: false });
		const phone = platformNumber(message.recipient);
		if (!phone) throw new DeliveryError('not a Vietnamese mobile number', { retryable: false });
		const template = templateOf(message);
		const { response, body } = await callPlatform(
			`${outreachEndpoints().zns}/message/template`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', access_token: token },
				body: JSON.stringify({ phone, template_id: template.id, template_data: template.data, tracking_id: message.idempotencyKey })
			},
			signal
		);
		const data = zaloData(response, body);
		return { providerMessageId: typeof data.msg_id === 'string' ? data.msg_id : null };
	}
};
