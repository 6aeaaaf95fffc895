import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import { t } from '../../../i18n';
import { outreachAccounts, webhookReceipts } from './accounts.tables';
import { credentialsOf } from './outreach.accounts';
import { sameSecret, sha256Hex, smsWebhookSignature, zaloEventSignature } from './outreach.crypto';
import { recordReceipt } from './outbox.receipts';
import { enqueueOutbox } from './outbox';
import { isStopReply, unsubscribeAddress } from './subscriptions.service';
import { platformNumber } from './adapters/sms';
import { normalisePhone } from '../households/households.normalise';
import { receivePlatformMessage } from '../feedback/feedback.intake';
import { feedbackItems } from '../feedback/feedback.tables';

/**
 * What the platforms send us: Zalo OA events and the SMS gateway's inbound messages and delivery
 * receipts. Each is read raw with a size limit, checked against the signature of the account it
 * names, refused when old, and applied once: the receipt's unique key is written in the same
 * transaction as the effect, so a replay answers 200 and changes nothing.
 */

/** Larger bodies are refused before anything is parsed (a chat message or receipt is a few hundred bytes). */
export const MAX_WEBHOOK_BYTES = 64 * 1024;
/** Events signed longer ago than this (or this far in the future) are refused. */
export const WEBHOOK_WINDOW_SECONDS = 300;

export type WebhookOutcome = 'feedback' | 'unsubscribe' | 'delivery_receipt' | 'ignored' | 'replay';

const refused = (code: 'VALIDATION' | 'UNAUTHENTICATED' | 'FORBIDDEN', key: 'platforms.webhook.invalid' | 'platforms.webhook.badSignature' | 'platforms.webhook.stale' | 'platforms.webhook.unknownSender') =>
	new AppError(code, key);

/** The body as text, at most `limit` bytes (413 beyond, whatever Content-Length claims). */
export async function readWebhookBody(request: Request, limit = MAX_WEBHOOK_BYTES): Promise<string> {
	const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 'platforms.webhook.tooLarge', { limit: `${limit / 1024} KB` });
	if (Number(request.headers.get('content-length') ?? 0) > limit) throw tooLarge();
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let part: ReadableStreamReadResult<Uint8Array>;
		try {
			part = await reader.read();
		} catch (err) {
			if ((err as { status?: unknown }).status === 413) throw tooLarge();
			throw err;
		}
		if (part.done) break;
		size += part.value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw tooLarge();
		}
		chunks.push(part.value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): Record<string, unknown> {
	try {
		const v = JSON.parse(raw);
		if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
	} catch {
		/* refused below */
	}
	throw refused('VALIDATION', 'platforms.webhook.invalid');
}

const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

function withinWindow(seconds: number, now: Date): boolean {
	return Number.isFinite(seconds) && Math.abs(now.getTime() / 1000 - seconds) <= WEBHOOK_WINDOW_SECONDS;
}

/** "Tin nhắn Zalo: Xin hỏi khi nào thôn…": the first words of the message, as a title. */
function titleOf(channel: 'zalo' | 'sms', text: string): string {
	const words = text.replace(/\s+/g, ' ').trim().split(' ');
	let start = '';
	for (const w of words) {
		if ((start + ' ' + w).trim().length > 70) break;
		start = (start + ' ' + w).trim();
	}
	if (!start) start = text.slice(0, 70);
	if (start.length < text.trim().length) start += '…';
	return t('vi', 'platforms.feedback.title', { channel: channel === 'zalo' ? 'Zalo' : 'SMS', start });
}

/**
 * Writes the receipt first: a second delivery of the same event meets the unique key (waiting for
 * the first transaction if it is still running) and does nothing.
 */
async function claimEvent(tx: Db, platform: string, eventKey: string, accountId: string | null, sender: string | null): Promise<string | null> {
	const [row] = await tx
		.insert(webhookReceipts)
		.values({ platform, eventKey: eventKey.slice(0, 300), accountId, sender, outcome: 'ignored' })
		.onConflictDoNothing({ target: [webhookReceipts.platform, webhookReceipts.eventKey] })
		.returning({ id: webhookReceipts.id });
	return row?.id ?? null;
}

async function settle(tx: Db, receiptId: string, outcome: WebhookOutcome, feedbackItemId: string | null = null) {
	await tx.update(webhookReceipts).set({ outcome, feedbackItemId }).where(eq(webhookReceipts.id, receiptId));
}

async function toFeedback(tx: Db, receiptId: string, unitId: string, channel: 'zalo' | 'sms', text: string, senderPhone: string | null, at: Date) {
	const body = text.trim().slice(0, 4000);
	const item = await receivePlatformMessage(tx, { unitId, channel, title: titleOf(channel, body), body, senderPhone, receivedAt: at });
	await settle(tx, receiptId, 'feedback', item.id);
	return item;
}

export interface WebhookResult {
	outcome: WebhookOutcome;
	feedbackItemId?: string;
	trackingCode?: string;
}

// ---------------------------------------------------------------------------------------------
// SMS gateway

function envSmsSecret(): string | null {
	return process.env.LANTOA_SMS_WEBHOOK_SECRET?.trim() || null;
}

/**
 * The gateway's webhook: `{ type: 'delivery', id, reference, status, error? }` or `{ type:
 * 'inbound', id, from, to, text, receivedAt }`, signed `X-Signature: sha256=<HMAC of the raw body>`
 * with the account's webhook secret, `X-Timestamp` in unix seconds. An inbound message comes to
 * the unit whose SMS account has `to` as its number or sender name; a receipt belongs to the
 * account its message went out through (or the server's default gateway).
 */
export async function receiveSmsWebhook(db: Db, req: { rawBody: string; signature: string | null; timestamp: string | null; now?: Date }): Promise<WebhookResult> {
	const now = req.now ?? new Date();
	const event = parseJson(req.rawBody);
	const type = event.type;
	const id = str(event.id);
	if ((type !== 'delivery' && type !== 'inbound') || !id) throw refused('VALIDATION', 'platforms.webhook.invalid');

	let account: typeof outreachAccounts.$inferSelect | undefined;
	let secret: string | null = null;
	if (type === 'inbound') {
		const to = str(event.to, 40);
		if (!to || !str(event.from, 40) || typeof event.text !== 'string' || event.text.length > 2000) throw refused('VALIDATION', 'platforms.webhook.invalid');
		const plainTo = to.replace(/^\+/, '');
		[account] = await db
			.select()
			.from(outreachAccounts)
			.where(
				and(
					eq(outreachAccounts.platform, 'sms'),
					eq(outreachAccounts.active, true),
					sql`(lower(${outreachAccounts.externalId}) = lower(${to}) OR ${outreachAccounts.settings}->>'inboundNumber' = ${plainTo})`
				)
			)
			.limit(1);
		if (!account) throw refused('FORBIDDEN', 'platforms.webhook.unknownSender');
		secret = credentialsOf(account).webhookSecret;
	} else {
		if ((event.status !== 'delivered' && event.status !== 'failed') || !str(event.reference, 80)) throw refused('VALIDATION', 'platforms.webhook.invalid');
		const reference = String(event.reference);
		const rows = /^[0-9a-f-]{36}$/i.test(reference)
			? await db.execute<{ account_id: string | null }>(sql`SELECT account_id FROM outbox_messages WHERE id = ${reference} AND channel = 'sms'`)
			: { rows: [] };
		const message = (rows as unknown as { rows: { account_id: string | null }[] }).rows[0];
		if (!message) throw refused('FORBIDDEN', 'platforms.webhook.unknownSender');
		if (message.account_id) {
			[account] = await db.select().from(outreachAccounts).where(eq(outreachAccounts.id, message.account_id));
			secret = account ? credentialsOf(account).webhookSecret : null;
		} else secret = envSmsSecret();
	}
	if (!secret) throw refused('FORBIDDEN', 'platforms.webhook.unknownSender');
	if (!req.signature || !sameSecret(req.signature.trim(), smsWebhookSignature(req.rawBody, secret))) throw refused('UNAUTHENTICATED', 'platforms.webhook.badSignature');
	if (!req.timestamp || !/^\d{1,12}$/.test(req.timestamp) || !withinWindow(Number(req.timestamp), now)) throw refused('UNAUTHENTICATED', 'platforms.webhook.stale');

	return db.transaction(async (tx): Promise<WebhookResult> => {
		if (type === 'delivery') {
			const receipt = await claimEvent(tx, 'sms', `delivery:${id}:${event.status}`, account?.id ?? null, null);
			if (!receipt) return { outcome: 'replay' };
			await recordReceipt(tx, { channel: 'sms', providerMessageId: id, status: event.status as 'delivered' | 'failed', detail: str(event.error) });
			await settle(tx, receipt, 'delivery_receipt');
			return { outcome: 'delivery_receipt' };
		}
		const from = String(event.from);
		const receipt = await claimEvent(tx, 'sms', `inbound:${id}`, account!.id, platformNumber(from) ?? from.slice(0, 40));
		if (!receipt) return { outcome: 'replay' };
		const text = String(event.text);
		if (isStopReply(text)) {
			await unsubscribeAddress(tx, { channel: 'sms', address: from, unitId: account!.unitId });
			await settle(tx, receipt, 'unsubscribe');
			return { outcome: 'unsubscribe' };
		}
		if (!text.trim()) return { outcome: 'ignored' };
		const at = typeof event.receivedAt === 'string' && !Number.isNaN(Date.parse(event.receivedAt)) && Date.parse(event.receivedAt) <= now.getTime() ? new Date(event.receivedAt) : now;
		const item = await toFeedback(tx, receipt, account!.unitId, 'sms', text, normalisePhone(from), at);
		return { outcome: 'feedback', feedbackItemId: item.id, trackingCode: item.trackingCode };
	});
}

// ---------------------------------------------------------------------------------------------
// Zalo OA

/**
 * A Zalo OA event, signed `X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret
 * key)`. The OA is the event's `recipient.id` (or `oa_id`); `user_send_text` becomes a feedback
 * item of the OA's unit; other events (follow, unfollow, …) are acknowledged and kept as receipts.
 */
export async function receiveZaloWebhook(db: Db, req: { rawBody: string; signature: string | null; now?: Date }): Promise<WebhookResult> {
	const now = req.now ?? new Date();
	const event = parseJson(req.rawBody);
	const name = str(event.event_name, 60);
	const timestamp = typeof event.timestamp === 'number' ? String(event.timestamp) : str(event.timestamp, 20);
	const oaId = str((event.recipient as { id?: unknown } | undefined)?.id, 40) ?? str(event.oa_id, 40);
	if (!name || !timestamp || !/^\d{10,14}$/.test(timestamp) || !oaId) throw refused('VALIDATION', 'platforms.webhook.invalid');
	const [account] = await db
		.select()
		.from(outreachAccounts)
		.where(and(eq(outreachAccounts.platform, 'zalo_oa'), eq(outreachAccounts.externalId, oaId), eq(outreachAccounts.active, true)))
		.limit(1);
	if (!account) throw refused('FORBIDDEN', 'platforms.webhook.unknownSender');
	const credentials = credentialsOf(account);
	const appId = typeof credentials.settings.appId === 'string' ? credentials.settings.appId : null;
	if (!appId || !credentials.webhookSecret) throw refused('FORBIDDEN', 'platforms.webhook.unknownSender');
	const expected = zaloEventSignature(appId, req.rawBody, timestamp, credentials.webhookSecret);
	if (!req.signature || !sameSecret(req.signature.trim(), expected)) throw refused('UNAUTHENTICATED', 'platforms.webhook.badSignature');
	if (!withinWindow(Number(timestamp) / 1000, now)) throw refused('UNAUTHENTICATED', 'platforms.webhook.stale');

	const senderId = str((event.sender as { id?: unknown } | undefined)?.id, 40) ?? str(event.follower && (event.follower as { id?: unknown }).id, 40);
	const message = (event.message ?? {}) as { msg_id?: unknown; text?: unknown };
	const eventKey = name === 'user_send_text' && str(message.msg_id, 100) ? `msg:${message.msg_id}` : `sha256:${sha256Hex(req.rawBody)}`;
	return db.transaction(async (tx): Promise<WebhookResult> => {
		const receipt = await claimEvent(tx, 'zalo_oa', eventKey, account.id, senderId);
		if (!receipt) return { outcome: 'replay' };
		const text = typeof message.text === 'string' ? message.text : '';
		if (name !== 'user_send_text' || !senderId || !text.trim()) return { outcome: 'ignored' };
		const item = await toFeedback(tx, receipt, account.unitId, 'zalo', text, null, new Date(Math.min(Number(timestamp), now.getTime())));
		return { outcome: 'feedback', feedbackItemId: item.id, trackingCode: item.trackingCode };
	});
}

// ---------------------------------------------------------------------------------------------
// Answers back

const SMS_ANSWER_MAX = 300;

/**
 * Queues the officer's public answer to the sender on their channel, in the answering
 * transaction: a Zalo message goes back through the OA it came to (to that user id); a sender who
 * left a phone and agreed to be contacted gets an SMS. Nothing else is queued (anonymous, no
 * consent, no phone). Each answer of an item is its own message (`answer:<item>:<n>`).
 */
export async function queueFeedbackAnswer(tx: Db, itemId: string, answer: string, createdBy: string | null): Promise<{ queued: number }> {
	const [row] = await tx
		.select({ item: feedbackItems, unitName: sql<string>`(SELECT name FROM units WHERE id = ${feedbackItems.unitId})` })
		.from(feedbackItems)
		.where(eq(feedbackItems.id, itemId));
	if (!row) return { queued: 0 };
	const item = row.item;
	const counted = await tx.execute<{ n: number | string }>(sql`SELECT count(*) AS n FROM feedback_events WHERE item_id = ${itemId} AND kind = 'answered'`);
	const n = Number((counted as unknown as { rows: { n: number | string }[] }).rows[0]?.n ?? 0) || 1;
	const base = { unitId: item.unitId, kind: 'answer', causeType: 'feedback_answer', causeId: item.id, idempotencyKey: `answer:${item.id}:${n}`, createdBy };
	const line = t('vi', 'platforms.feedback.answer', { unit: row.unitName, answer });
	if (item.channel === 'zalo') {
		const [receipt] = await tx
			.select({ sender: webhookReceipts.sender, accountId: webhookReceipts.accountId })
			.from(webhookReceipts)
			.where(and(eq(webhookReceipts.feedbackItemId, item.id), eq(webhookReceipts.platform, 'zalo_oa')))
			.limit(1);
		if (!receipt?.sender) return { queued: 0 };
		const body = `${line.slice(0, 1900)}\n${t('vi', 'platforms.feedback.answerCode', { code: item.trackingCode })}`;
		return enqueueOutbox(tx, [{ ...base, channel: 'zalo_oa', recipient: receipt.sender, body, accountId: receipt.accountId }]);
	}
	const phone = !item.anonymous && item.contactConsent && item.senderPhone ? platformNumber(item.senderPhone) : null;
	if (!phone) return { queued: 0 };
	const short = line.length > SMS_ANSWER_MAX ? line.slice(0, SMS_ANSWER_MAX - 1) + '…' : line;
	const body = `${short} ${t('vi', 'platforms.feedback.answerCode', { code: item.trackingCode })} ${t('vi', 'platforms.feedback.answerSmsStop')}`;
	return enqueueOutbox(tx, [{ ...base, channel: 'sms', recipient: phone, body }]);
}
