import { randomBytes } from 'node:crypto';
import { startProtocolServer, type RecordedRequest, type Reply } from './sms-server';

/**
 * Zalo's Official Account Open API (v3 messages, v2 articles and broadcast) and the Zalo
 * Notification Service, as far as Lan Tỏa uses them. Both take the OA's token in the
 * `access_token` header and answer HTTP 200 with `{ error, message, data }`: `error` 0 is success,
 * a negative number says what went wrong.
 */

export interface FakeOa {
	id: string;
	accessToken: string;
	appId: string;
	secretKey: string;
}

export interface FakeOaMessage {
	kind: 'cs' | 'broadcast';
	userId: string | null;
	text: string;
	articleId: string | null;
	messageId: string;
	at: Date;
}

export interface FakeZnsMessage {
	phone: string;
	templateId: string;
	templateData: Record<string, unknown>;
	trackingId: string;
	msgId: string;
}

const zaloError = (error: number, message: string): Reply => ({ status: 200, body: { error, message } });
const ok = (data: Record<string, unknown>): Reply => ({ status: 200, body: { error: 0, message: 'Success', data } });
const newId = () => randomBytes(10).toString('hex');

/** The calendar day in Vietnam (UTC+7) of a time, for the daily broadcast limit. */
const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export async function startFakeZalo(
	opts: {
		oa?: Partial<FakeOa>;
		/** Zalo user ids following the OA, with when each last wrote to it (a reply is allowed for 7 days after). */
		followers?: Record<string, Date>;
		/** ZNS templates: id → the parameter names it requires. */
		templates?: Record<string, string[]>;
		znsDailyQuota?: number;
		/** Broadcasts each follower may receive per day (Zalo limits broadcasts per follower). */
		broadcastsPerDay?: number;
	} = {}
) {
	const oa: FakeOa = {
		id: opts.oa?.id ?? '4318772049170318005',
		accessToken: opts.oa?.accessToken ?? 'zalo-oa-token-' + newId(),
		appId: opts.oa?.appId ?? '1458330000000000001',
		secretKey: opts.oa?.secretKey ?? 'oa-secret-' + newId()
	};
	const followers = new Map(Object.entries(opts.followers ?? {}));
	const templates = new Map(Object.entries(opts.templates ?? { '231677': ['unit', 'message'] }));
	let znsQuota = opts.znsDailyQuota ?? 100_000;
	const broadcastsPerDay = opts.broadcastsPerDay ?? 1;
	const oaMessages: FakeOaMessage[] = [];
	const zns: FakeZnsMessage[] = [];
	const articles = new Map<string, { token: string; id: string | null; title: string; body: string }>();
	const broadcastDays = new Map<string, number>();

	const token = (r: RecordedRequest) => String(r.headers.access_token ?? '');
	const isSend = (r: RecordedRequest) => r.method === 'POST' && (r.path === '/message/template' || /^\/v\d\.\d\/oa\/message/.test(r.path));

	const controls = await startProtocolServer({
		sending: isSend,
		rateLimitReply: () => zaloError(-32, 'The request exceeds the limit per minute'),
		route(r) {
			if (r.method !== 'POST') return { status: 404, body: { error: -201, message: 'Method is not supported' } };
			// ZNS
			if (r.path === '/message/template') {
				if (token(r) !== oa.accessToken) return zaloError(-124, 'Access token is invalid');
				const { phone, template_id, template_data, tracking_id } = r.body as Record<string, unknown>;
				if (typeof phone !== 'string' || !/^84[35789]\d{8}$/.test(phone)) return zaloError(-108, 'Phone number is invalid');
				const required = typeof template_id === 'string' ? templates.get(template_id) : undefined;
				if (!required) return zaloError(-131, 'Template is not approved or does not exist');
				if (!template_data || typeof template_data !== 'object') return zaloError(-201, 'template_data is missing');
				const missing = required.filter((p) => typeof (template_data as Record<string, unknown>)[p] !== 'string' && typeof (template_data as Record<string, unknown>)[p] !== 'number');
				if (missing.length) return zaloError(-1123, `Template data is missing parameters: ${missing.join(', ')}`);
				if (typeof tracking_id !== 'string' || !tracking_id || tracking_id.length > 255) return zaloError(-201, 'tracking_id is invalid');
				if (znsQuota <= 0) return zaloError(-144, 'OA has exceeded the daily quota of ZNS messages');
				znsQuota--;
				const msgId = newId();
				zns.push({ phone, templateId: template_id as string, templateData: template_data as Record<string, unknown>, trackingId: tracking_id, msgId });
				controls.delivered.set(tracking_id, (controls.delivered.get(tracking_id) ?? 0) + 1);
				return ok({ msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: String(opts.znsDailyQuota ?? 100_000), remainingQuota: String(znsQuota) } });
			}
			if (token(r) !== oa.accessToken) return zaloError(-216, 'Access token is invalid');
			// Consultation message: a reply to one follower who wrote within the last 7 days.
			if (r.path === '/v3.0/oa/message/cs') {
				const recipient = r.body.recipient as { user_id?: unknown } | undefined;
				const message = r.body.message as { text?: unknown } | undefined;
				const userId = typeof recipient?.user_id === 'string' ? recipient.user_id : '';
				const text = typeof message?.text === 'string' ? message.text : '';
				if (!userId || !text) return zaloError(-201, 'Parameters are invalid');
				if (text.length > 2000) return zaloError(-201, 'Text must be at most 2000 characters');
				const last = followers.get(userId);
				if (!last) return zaloError(-213, 'User has not followed the OA');
				if (Date.now() - last.getTime() > 7 * 86400_000) return zaloError(-230, 'User has not interacted with the OA in the last 7 days');
				const messageId = newId();
				oaMessages.push({ kind: 'cs', userId, text, articleId: null, messageId, at: new Date() });
				const key = `cs:${userId}:${text}`;
				controls.delivered.set(key, (controls.delivered.get(key) ?? 0) + 1);
				return ok({ message_id: messageId, user_id: userId });
			}
			// Articles: created (answering a token), then verified (answering the article id).
			if (r.path === '/v2.0/article/create') {
				const { type, title, author, description, body, status } = r.body as Record<string, unknown>;
				if (type !== 'normal' || typeof title !== 'string' || !title || title.length > 150 || typeof author !== 'string' || !author || author.length > 50)
					return zaloError(-201, 'Article parameters are invalid');
				if (typeof description !== 'string' || description.length > 300 || !Array.isArray(body) || !body.length) return zaloError(-201, 'Article description or body is invalid');
				if (status !== undefined && status !== 'show' && status !== 'hide') return zaloError(-201, 'status must be show or hide');
				const t = newId();
				articles.set(t, { token: t, id: null, title, body: JSON.stringify(body) });
				return ok({ token: t });
			}
			if (r.path === '/v2.0/article/verify') {
				const a = articles.get(String(r.body.token ?? ''));
				if (!a) return zaloError(-201, 'Token is invalid');
				a.id ??= newId();
				return ok({ id: a.id });
			}
			// Broadcast of an article to followers (optionally targeted by city, age, gender).
			if (r.path === '/v2.0/oa/message') {
				const recipient = r.body.recipient as { target?: unknown } | undefined;
				const attachment = (r.body.message as { attachment?: { type?: unknown; payload?: { template_type?: unknown; elements?: { media_type?: unknown; attachment_id?: unknown }[] } } } | undefined)?.attachment;
				const element = attachment?.payload?.elements?.[0];
				if (!recipient?.target || attachment?.type !== 'template' || attachment.payload?.template_type !== 'media' || element?.media_type !== 'article')
					return zaloError(-201, 'Broadcast parameters are invalid');
				const article = [...articles.values()].find((a) => a.id === element.attachment_id);
				if (!article) return zaloError(-201, 'Article does not exist or is not verified');
				const day = vnDay(new Date());
				const count = broadcastDays.get(day) ?? 0;
				if (count >= broadcastsPerDay) return zaloError(-211, 'Out of broadcast quota: followers have received the broadcasts allowed today');
				broadcastDays.set(day, count + 1);
				const messageId = newId();
				oaMessages.push({ kind: 'broadcast', userId: null, text: article.title, articleId: article.id, messageId, at: new Date() });
				const key = `broadcast:${article.title}`;
				controls.delivered.set(key, (controls.delivered.get(key) ?? 0) + 1);
				return ok({ message_id: messageId });
			}
			return { status: 404, body: { error: -201, message: 'Unknown path' } };
		}
	});
	return {
		...controls,
		oa,
		followers,
		oaMessages,
		zns,
		articles,
		/** A user follows the OA and writes to it now (so a reply is allowed). */
		follow(userId: string, lastInteraction = new Date()) {
			followers.set(userId, lastInteraction);
		},
		setZnsQuota(n: number) {
			znsQuota = n;
		}
	};
}

export type FakeZalo = Awaited<ReturnType<typeof startFakeZalo>>;
