import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { feedbackItems } from '../feedback/feedback.tables';
import { answerFeedback } from '../feedback/feedback.service';
import { subscriptions } from './subscriptions.tables';
import { outboxMessages } from './outbox.tables';
import { webhookReceipts } from './accounts.tables';
import { enqueueOutbox } from './outbox';
import { deliverDue } from './outbox.worker';
import { saveAccount } from './outreach.accounts';
import { MAX_WEBHOOK_BYTES, readWebhookBody, receiveSmsWebhook, receiveZaloWebhook } from './outreach.webhooks';
import { signedSmsWebhook, signedZaloWebhook, userSendText, zaloEvent } from './testing/sign';
import { startFakeSmsGateway, type FakeSmsGateway } from './testing/sms-server';
import { startFakeZalo, type FakeZalo } from './testing/zalo-server';
import { POST as smsRoute } from '../../../../routes/api/v1/webhooks/sms/+server';
import { POST as zaloRoute } from '../../../../routes/api/v1/webhooks/zalo/+server';

const envKeys = ['LANTOA_SECRET_KEY', 'LANTOA_SMS_GATEWAY_URL', 'LANTOA_SMS_GATEWAY_KEY', 'LANTOA_ZALO_OA_URL', 'LANTOA_SMS_WEBHOOK_SECRET'] as const;

async function refusal(p: Promise<unknown>): Promise<AppError> {
	const err = await p.then(
		() => null,
		(e) => e
	);
	expect(err).toBeInstanceOf(AppError);
	return err as AppError;
}

describe.each(testDrivers)('platform webhooks (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let sms: FakeSmsGateway;
	let zalo: FakeZalo;
	let officer1: Actor;
	let tree: Awaited<ReturnType<typeof buildTwoCommunes>>;
	const saved: Record<string, string | undefined> = {};
	const SECRET1 = 'sms-webhook-secret-xa-mot';
	const SECRET2 = 'sms-webhook-secret-xa-hai';
	let seq = 0;

	const inbound = (text: string, over: Record<string, unknown> = {}) => ({ type: 'inbound', id: `in-${driver}-${++seq}`, from: '+84 912 345 678', to: '8055', text, receivedAt: new Date().toISOString(), ...over });
	const rowCounts = async () => {
		const r = await db.execute(sql`SELECT (SELECT count(*)::int FROM feedback_items) AS items, (SELECT count(*)::int FROM webhook_receipts) AS receipts, (SELECT count(*)::int FROM outbox_messages) AS outbox`);
		return (r as unknown as { rows: { items: number; receipts: number; outbox: number }[] }).rows[0];
	};

	beforeAll(async () => {
		for (const k of envKeys) saved[k] = process.env[k];
		process.env.LANTOA_SECRET_KEY = 'khoa-thu-nghiem-cua-bo-kiem-thu';
		delete process.env.LANTOA_SMS_WEBHOOK_SECRET;
		[sms, zalo] = await Promise.all([startFakeSmsGateway({ apiKeys: ['key-xa-mot'] }), startFakeZalo()]);
		process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
		process.env.LANTOA_ZALO_OA_URL = zalo.url;
		delete process.env.LANTOA_SMS_GATEWAY_KEY;
		database = await createTestDatabase(driver);
		db = database.db;
		tree = await buildTwoCommunes(db);
		officer1 = await buildActor(db, 'commune_officer', 'C1');
		const officer2 = await buildActor(db, 'commune_officer', 'C2');
		await saveAccount({ db, actor: officer1 }, { unit: 'C1', platform: 'sms', name: 'UBND xã Một', externalId: 'XaMot', accessToken: 'key-xa-mot', webhookSecret: SECRET1, inboundNumber: '8055', ratePerSecond: 100 });
		await saveAccount({ db, actor: officer2 }, { unit: 'C2', platform: 'sms', name: 'UBND xã Hai', externalId: 'XaHai', accessToken: 'key-xa-hai', webhookSecret: SECRET2, inboundNumber: '8066' });
		await saveAccount(
			{ db, actor: officer1 },
			{ unit: 'C1', platform: 'zalo_oa', name: 'Xã Một trên Zalo', externalId: zalo.oa.id, accessToken: zalo.oa.accessToken, webhookSecret: zalo.oa.secretKey, appId: zalo.oa.appId, ratePerSecond: 100 }
		);
	});
	afterAll(async () => {
		for (const k of envKeys) if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
		await Promise.all([sms.close(), zalo.close(), database.close()]);
	});

	describe('SMS gateway', () => {
		it('an inbound SMS becomes a feedback item of the unit owning the number, with the sender\'s phone; a replay changes nothing', async () => {
			const event = inbound('Xin hỏi bao giờ thôn Một được sửa đường vào khu sản xuất ạ?');
			const req = signedSmsWebhook(event, SECRET1);
			const result = await receiveSmsWebhook(db, { rawBody: req.body, signature: req.headers['x-signature'], timestamp: req.headers['x-timestamp'] });
			expect(result.outcome).toBe('feedback');
			const [item] = await db.select().from(feedbackItems).where(eq(feedbackItems.id, result.feedbackItemId!));
			expect(item).toMatchObject({ unitId: tree.c1.id, handlingUnitId: tree.c1.id, channel: 'sms', senderPhone: '0912345678', contactConsent: true, categoryCode: 'question', body: event.text });
			expect(item.title).toMatch(/^Tin nhắn SMS: Xin hỏi bao giờ/);
			const before = await rowCounts();
			const again = await receiveSmsWebhook(db, { rawBody: req.body, signature: req.headers['x-signature'], timestamp: req.headers['x-timestamp'] });
			expect(again.outcome).toBe('replay');
			expect(await rowCounts()).toEqual(before);
		});

		it('refuses a bad signature, another unit\'s secret, an old timestamp, an unknown number and a malformed body, storing nothing', async () => {
			const before = await rowCounts();
			const event = inbound('Tin giả mạo');
			const good = signedSmsWebhook(event, SECRET1);
			const wrong = signedSmsWebhook(event, SECRET2);
			const old = signedSmsWebhook(event, SECRET1, { timestamp: Math.floor(Date.now() / 1000) - 600 });
			const unknown = signedSmsWebhook(inbound('Ai đó', { to: '9999' }), SECRET1);
			expect((await refusal(receiveSmsWebhook(db, { rawBody: good.body, signature: 'sha256=' + '0'.repeat(64), timestamp: good.headers['x-timestamp'] }))).status).toBe(401);
			expect((await refusal(receiveSmsWebhook(db, { rawBody: good.body, signature: null, timestamp: good.headers['x-timestamp'] }))).status).toBe(401);
			expect((await refusal(receiveSmsWebhook(db, { rawBody: wrong.body, signature: wrong.headers['x-signature'], timestamp: wrong.headers['x-timestamp'] }))).messageKey).toBe('platforms.webhook.badSignature');
			// The body altered after signing.
			expect((await refusal(receiveSmsWebhook(db, { rawBody: good.body.replace('giả mạo', 'thật'), signature: good.headers['x-signature'], timestamp: good.headers['x-timestamp'] }))).status).toBe(401);
			const stale = await refusal(receiveSmsWebhook(db, { rawBody: old.body, signature: old.headers['x-signature'], timestamp: old.headers['x-timestamp'] }));
			expect([stale.status, stale.messageKey]).toEqual([401, 'platforms.webhook.stale']);
			const stranger = await refusal(receiveSmsWebhook(db, { rawBody: unknown.body, signature: unknown.headers['x-signature'], timestamp: unknown.headers['x-timestamp'] }));
			expect([stranger.status, stranger.messageKey]).toEqual([403, 'platforms.webhook.unknownSender']);
			for (const raw of ['not json', '[]', '{"type":"inbound"}', JSON.stringify({ type: 'other', id: 'x' }), JSON.stringify(inbound('x'.repeat(2001)))])
				expect((await refusal(receiveSmsWebhook(db, { rawBody: raw, signature: null, timestamp: null }))).status).toBe(400);
			expect(await rowCounts()).toEqual(before);
		});

		it('a reply HUY (any case, with or without marks) unsubscribes that phone from its unit at once, and is no feedback', async () => {
			await db.insert(subscriptions).values([
				{ unitId: tree.c1.id, topic: 'news', channel: 'sms', address: '84912345678', token: `t1-${driver}`, status: 'active' },
				{ unitId: tree.c2.id, topic: 'news', channel: 'sms', address: '84912345678', token: `t2-${driver}`, status: 'active' }
			]);
			const before = await rowCounts();
			const req = signedSmsWebhook(inbound('  hủy '), SECRET1);
			expect((await receiveSmsWebhook(db, { rawBody: req.body, signature: req.headers['x-signature'], timestamp: req.headers['x-timestamp'] })).outcome).toBe('unsubscribe');
			const rows = await db.select().from(subscriptions).where(eq(subscriptions.address, '84912345678'));
			expect(Object.fromEntries(rows.map((r) => [r.unitId, r.status]))).toEqual({ [tree.c1.id]: 'unsubscribed', [tree.c2.id]: 'active' });
			expect((await rowCounts()).items).toBe(before.items);
		});

		it('a delivery receipt marks the message delivered, once', async () => {
			const [account] = (await db.execute(sql`SELECT id FROM outreach_accounts WHERE external_id = 'XaMot'`) as unknown as { rows: { id: string }[] }).rows;
			const { ids } = await enqueueOutbox(db, [{ unitId: tree.c1.id, channel: 'sms', kind: 'notice', recipient: '84987654321', body: 'Họp thôn tối thứ Sáu. Trả lời HUY để ngừng nhận tin.', idempotencyKey: `receipt-${driver}`, accountId: account.id }]);
			expect(await deliverDue(db, { limit: 10 })).toMatchObject({ sent: 1 });
			const [sent] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
			expect(sent.providerMessageId).toBe(sms.sent.at(-1)!.id);
			const event = { type: 'delivery', id: sent.providerMessageId, reference: ids[0], status: 'delivered' };
			const req = signedSmsWebhook(event, SECRET1);
			expect((await receiveSmsWebhook(db, { rawBody: req.body, signature: req.headers['x-signature'], timestamp: req.headers['x-timestamp'] })).outcome).toBe('delivery_receipt');
			const [after] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
			expect(after.status).toBe('delivered');
			expect((await receiveSmsWebhook(db, { rawBody: req.body, signature: req.headers['x-signature'], timestamp: req.headers['x-timestamp'] })).outcome).toBe('replay');
			// Signed with another unit's secret: refused.
			const forged = signedSmsWebhook({ ...event, status: 'failed' }, SECRET2);
			expect((await refusal(receiveSmsWebhook(db, { rawBody: forged.body, signature: forged.headers['x-signature'], timestamp: forged.headers['x-timestamp'] }))).status).toBe(401);
		});
	});

	describe('Zalo OA', () => {
		it('user_send_text becomes a feedback item of the OA\'s unit, the Zalo user kept on the receipt; a replay changes nothing', async () => {
			const event = userSendText(zalo.oa, '5566778899001122', 'Cho hỏi hồ sơ vay vốn hộ cận nghèo cần những giấy tờ gì?');
			const req = signedZaloWebhook(event, zalo.oa.secretKey);
			const result = await receiveZaloWebhook(db, { rawBody: req.body, signature: req.headers['x-zevent-signature'] });
			expect(result.outcome).toBe('feedback');
			const [item] = await db.select().from(feedbackItems).where(eq(feedbackItems.id, result.feedbackItemId!));
			expect(item).toMatchObject({ unitId: tree.c1.id, channel: 'zalo', senderPhone: null, body: 'Cho hỏi hồ sơ vay vốn hộ cận nghèo cần những giấy tờ gì?' });
			const [receipt] = await db.select().from(webhookReceipts).where(eq(webhookReceipts.feedbackItemId, item.id));
			expect(receipt).toMatchObject({ platform: 'zalo_oa', sender: '5566778899001122', outcome: 'feedback' });
			const before = await rowCounts();
			expect((await receiveZaloWebhook(db, { rawBody: req.body, signature: req.headers['x-zevent-signature'] })).outcome).toBe('replay');
			expect(await rowCounts()).toEqual(before);
		});

		it('refuses a bad signature, an unknown OA, an old event and a malformed body, storing nothing; other events are acknowledged only', async () => {
			const before = await rowCounts();
			const event = userSendText(zalo.oa, '5566778899001122', 'Tin giả');
			const req = signedZaloWebhook(event, 'not-the-secret');
			expect((await refusal(receiveZaloWebhook(db, { rawBody: req.body, signature: req.headers['x-zevent-signature'] }))).status).toBe(401);
			const other = signedZaloWebhook(userSendText({ id: '1234567890', appId: zalo.oa.appId }, '55', 'x'), zalo.oa.secretKey);
			expect((await refusal(receiveZaloWebhook(db, { rawBody: other.body, signature: other.headers['x-zevent-signature'] }))).status).toBe(403);
			const old = signedZaloWebhook(userSendText(zalo.oa, '5566778899001122', 'Cũ', 'old-1', Date.now() - 10 * 60_000), zalo.oa.secretKey);
			expect((await refusal(receiveZaloWebhook(db, { rawBody: old.body, signature: old.headers['x-zevent-signature'] }))).messageKey).toBe('platforms.webhook.stale');
			for (const raw of ['{', '"x"', JSON.stringify({ event_name: 'user_send_text' })]) expect((await refusal(receiveZaloWebhook(db, { rawBody: raw, signature: null }))).status).toBe(400);
			expect(await rowCounts()).toEqual(before);
			const follow = signedZaloWebhook(zaloEvent(zalo.oa, '5566778899001122', 'follow'), zalo.oa.secretKey);
			expect((await receiveZaloWebhook(db, { rawBody: follow.body, signature: follow.headers['x-zevent-signature'] })).outcome).toBe('ignored');
			expect((await rowCounts()).items).toBe(before.items);
		});
	});

	describe('answers back', () => {
		it('the officer\'s answer goes back by SMS to an SMS sender and by Zalo to a Zalo sender, once per answer, through the protocol servers', async () => {
			const smsReq = signedSmsWebhook(inbound('Khi nào có lớp tập huấn nuôi bò sinh sản?', { from: '0987001122' }), SECRET1);
			const fromSms = await receiveSmsWebhook(db, { rawBody: smsReq.body, signature: smsReq.headers['x-signature'], timestamp: smsReq.headers['x-timestamp'] });
			zalo.follow('7788990011223344');
			const zaloReq = signedZaloWebhook(userSendText(zalo.oa, '7788990011223344', 'Thôn tôi chưa có loa, xã có lắp không?'), zalo.oa.secretKey);
			const fromZalo = await receiveZaloWebhook(db, { rawBody: zaloReq.body, signature: zaloReq.headers['x-zevent-signature'] });
			const ctx = { db, actor: officer1 };
			await answerFeedback(ctx, fromSms.feedbackItemId!, 'Lớp tập huấn mở ngày 15 tại nhà văn hóa xã.');
			await answerFeedback(ctx, fromZalo.feedbackItemId!, 'Xã sẽ lắp loa cho thôn trong quý này.');
			const queued = await db.select().from(outboxMessages).where(eq(outboxMessages.causeType, 'feedback_answer'));
			expect(queued.map((m) => [m.channel, m.recipient, m.idempotencyKey]).sort()).toEqual(
				[
					['sms', '84987001122', `answer:${fromSms.feedbackItemId}:1`],
					['zalo_oa', '7788990011223344', `answer:${fromZalo.feedbackItemId}:1`]
				].sort()
			);
			expect(await deliverDue(db, { limit: 10 })).toMatchObject({ sent: 2, dead: 0 });
			const text = sms.sent.find((s) => s.to === '84987001122')!;
			expect(text.text).toContain('Lớp tập huấn mở ngày 15 tại nhà văn hóa xã.');
			expect(text.text).toContain(fromSms.trackingCode!);
			expect(text.text).toMatch(/HUY/);
			expect(text.sender).toBe('XaMot');
			expect(zalo.oaMessages.find((m) => m.userId === '7788990011223344')!.text).toContain('Xã sẽ lắp loa cho thôn trong quý này.');
			expect(await deliverDue(db, { limit: 10 })).toMatchObject({ sent: 0 });
			expect(sms.duplicates()).toEqual([]);
		});

		it('an anonymous portal item, or one without consent, gets no message', async () => {
			const [item] = await db
				.insert(feedbackItems)
				.values({ trackingCode: `ANON${driver}`.toUpperCase(), unitId: tree.c1.id, handlingUnitId: tree.c1.id, categoryCode: 'question', channel: 'portal', title: 'Câu hỏi', body: 'Nội dung', senderPhone: '0912000111', contactConsent: false, dueDate: '2030-01-01', escalateAfter: '2030-01-01' })
				.returning();
			const before = (await rowCounts()).outbox;
			await answerFeedback({ db, actor: officer1 }, item.id, 'Đã trả lời trên cổng.');
			expect((await rowCounts()).outbox).toBe(before);
		});
	});

	describe('the routes', () => {
		const event = (request: Request) => ({ request, locals: { apiLocale: 'en', runtime: async () => ({ database: { db } }) } }) as never;

		it('answer 200 for a good event, 401/403/400 for refused ones, and 413 for an oversized body without reading it all', async () => {
			const good = signedSmsWebhook(inbound('Đường thôn Hai bị sạt lở sau mưa.'), SECRET1);
			const ok = await smsRoute(event(new Request('http://x/api/v1/webhooks/sms', { method: 'POST', headers: good.headers, body: good.body })));
			expect([ok.status, await ok.json()]).toEqual([200, { ok: true, outcome: 'feedback' }]);
			const bad = await smsRoute(event(new Request('http://x/api/v1/webhooks/sms', { method: 'POST', headers: { ...good.headers, 'x-signature': 'sha256=00' }, body: good.body })));
			expect(bad.status).toBe(401);
			expect((await bad.json()).error.message).toBe('The signature does not match.');
			const before = await rowCounts();
			const huge = JSON.stringify(inbound('x'.repeat(MAX_WEBHOOK_BYTES)));
			const signedHuge = signedSmsWebhook(JSON.parse(huge), SECRET1);
			const tooLarge = await smsRoute(event(new Request('http://x', { method: 'POST', headers: signedHuge.headers, body: signedHuge.body })));
			expect(tooLarge.status).toBe(413);
			// No Content-Length (a stream): cut off while reading.
			const stream = new ReadableStream({
				start(c) {
					for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode('x'.repeat(4096)));
					c.close();
				}
			});
			await expect(readWebhookBody(new Request('http://x', { method: 'POST', body: stream, duplex: 'half' } as RequestInit))).rejects.toMatchObject({ status: 413 });
			const zaloBad = await zaloRoute(event(new Request('http://x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'nope' })));
			expect(zaloBad.status).toBe(400);
			expect(await rowCounts()).toEqual(before);
		});
	});
});
