import { outreachEndpoints } from '../outreach.config';
import { callPlatform } from './sms';
import { zaloData } from './zns';
import { DeliveryError, type ChannelAdapter, type OutgoingMessage } from './types';

/**
 * Zalo Official Account Open API. Two kinds of message:
 * - a publication goes to the OA's followers as a broadcast: the text becomes an OA article
 *   (`POST /v2.0/article/create`, then `/v2.0/article/verify` for its id), which is broadcast with
 *   `POST /v2.0/oa/message` (`recipient.target`, a media template naming the article);
 * - an answer goes to one Zalo user id as a consultation message (`POST /v3.0/oa/message/cs`),
 *   which Zalo allows for 7 days after that user last wrote to the OA.
 * Zalo limits what each follower receives: broadcasts only between 08:00 and 22:00 (Vietnam), and
 * a quota per follower per day that Zalo answers with error -211 once used; both send the message
 * back to the queue until the window opens or the next day, never dropped and never twice.
 */

const VN_OFFSET_MS = 7 * 3600_000;

/** Seconds until the broadcast window [from, to) (hours, Vietnam) opens; 0 inside it. */
export function secondsUntilWindow(now: Date, from: number, to: number): number {
	const vn = new Date(now.getTime() + VN_OFFSET_MS);
	const hour = vn.getUTCHours() + vn.getUTCMinutes() / 60;
	if (hour >= from && hour < to) return 0;
	const dayStart = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate()) - VN_OFFSET_MS;
	const opens = dayStart + from * 3600_000 + (hour >= to ? 86400_000 : 0);
	return Math.max(60, Math.ceil((opens - now.getTime()) / 1000));
}

function broadcastHours(settings: Record<string, unknown>): [number, number] {
	const h = settings.broadcastHours;
	if (Array.isArray(h) && h.length === 2 && h.every((n) => Number.isInteger(n) && n >= 0 && n <= 24) && h[0] < h[1]) return [h[0], h[1]];
	return [8, 22];
}

export function isBroadcast(message: OutgoingMessage): boolean {
	return message.kind === 'publication' || (message.account?.externalId != null && message.recipient === message.account.externalId);
}

async function post(path: string, token: string, payload: unknown, signal: AbortSignal) {
	const { response, body } = await callPlatform(
		`${outreachEndpoints().zaloOa}${path}`,
		{ method: 'POST', headers: { 'content-type': 'application/json', access_token: token }, body: JSON.stringify(payload) },
		signal
	);
	return zaloData(response, body);
}

async function broadcast(message: OutgoingMessage, token: string, signal: AbortSignal) {
	const settings = message.account?.settings ?? {};
	const [from, to] = broadcastHours(settings);
	const wait = secondsUntilWindow(new Date(), from, to);
	if (wait > 0) throw new DeliveryError(`zalo broadcasts go out between ${from}:00 and ${to}:00`, { retryable: true, rateLimited: true, retryAfterSeconds: wait });
	const title = (message.subject ?? (message.payload.title as string | undefined) ?? message.body.split('\n')[0]).slice(0, 150);
	const link = typeof message.payload.link === 'string' ? message.payload.link : null;
	const article = await post(
		'/v2.0/article/create',
		token,
		{
			type: 'normal',
			title,
			author: (message.account?.name ?? 'Lan Tỏa').slice(0, 50),
			description: message.body.slice(0, 300),
			body: [{ type: 'text', content: message.body }, ...(link ? [{ type: 'text', content: link }] : [])],
			...(typeof settings.coverUrl === 'string' ? { cover: { cover_type: 'photo', photo_url: settings.coverUrl, status: 'show' } } : {}),
			status: 'show'
		},
		signal
	);
	const verified = await post('/v2.0/article/verify', token, { token: article.token }, signal);
	const target = settings.broadcastTarget && typeof settings.broadcastTarget === 'object' ? settings.broadcastTarget : {};
	const sent = await post(
		'/v2.0/oa/message',
		token,
		{ recipient: { target }, message: { attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'article', attachment_id: verified.id }] } } } },
		signal
	);
	return { providerMessageId: typeof sent.message_id === 'string' ? sent.message_id : String(verified.id ?? '') || null };
}

export const zaloOaAdapter: ChannelAdapter = {
	channel: 'zalo_oa',
	async send(message: OutgoingMessage, signal: AbortSignal) {
		const token = message.account?.accessToken;
		if (!token) throw new DeliveryError('the unit has no Zalo OA account with an access token', { retryable: false });
		if (isBroadcast(message)) return broadcast(message, token, signal);
		if (!/^\d{5,32}$/.test(message.recipient)) throw new DeliveryError('not a Zalo user id', { retryable: false });
		const data = await post('/v3.0/oa/message/cs', token, { recipient: { user_id: message.recipient }, message: { text: message.body.slice(0, 2000) } }, signal);
		return { providerMessageId: typeof data.message_id === 'string' ? data.message_id : null };
	}
};
