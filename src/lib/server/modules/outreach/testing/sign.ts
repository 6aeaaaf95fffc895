import { smsWebhookSignature, zaloEventSignature } from '../outreach.crypto';

/**
 * Webhook bodies signed the way each platform signs them, for tests: the SMS gateway (HMAC of the
 * raw body, with a timestamp header) and Zalo OA (`X-ZEvent-Signature`).
 */

export function signedSmsWebhook(event: Record<string, unknown>, secret: string, opts: { timestamp?: number } = {}) {
	const body = JSON.stringify(event);
	const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
	return { body, headers: { 'content-type': 'application/json', 'x-signature': smsWebhookSignature(body, secret), 'x-timestamp': timestamp } };
}

/** A Zalo OA event (`user_send_text`, `follow`, …) from `userId` to the OA, signed with the OA secret key. */
export function zaloEvent(oa: { id: string; appId: string }, userId: string, eventName: string, extra: Record<string, unknown> = {}, at = Date.now()) {
	return {
		app_id: oa.appId,
		user_id_by_app: 'app_' + userId,
		event_name: eventName,
		timestamp: String(at),
		sender: { id: userId },
		recipient: { id: oa.id },
		...extra
	};
}

export function userSendText(oa: { id: string; appId: string }, userId: string, text: string, msgId = 'msg' + Math.random().toString(36).slice(2), at = Date.now()) {
	return zaloEvent(oa, userId, 'user_send_text', { message: { msg_id: msgId, text } }, at);
}

export function signedZaloWebhook(event: Record<string, unknown> & { app_id: string; timestamp: string }, oaSecretKey: string) {
	const body = JSON.stringify(event);
	return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': zaloEventSignature(event.app_id, body, event.timestamp, oaSecretKey) } };
}
