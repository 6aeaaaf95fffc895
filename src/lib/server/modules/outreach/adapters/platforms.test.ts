import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsAdapter } from './sms';
import { znsAdapter } from './zns';
import { secondsUntilWindow, zaloOaAdapter } from './zalo-oa';
import { facebookAdapter, facebookEngagement } from './facebook';
import { DeliveryError, type AccountCredentials, type OutgoingMessage } from './types';
import { startFakeSmsGateway, type FakeSmsGateway } from '../testing/sms-server';
import { startFakeZalo, type FakeZalo } from '../testing/zalo-server';
import { startFakeFacebook, type FakeFacebook } from '../testing/facebook-server';

let sms: FakeSmsGateway;
let zalo: FakeZalo;
let fb: FakeFacebook;
const saved = { ...process.env };

beforeAll(async () => {
	[sms, zalo, fb] = await Promise.all([startFakeSmsGateway({ apiKeys: ['unit-key-1', 'server-key'] }), startFakeZalo({ templates: { '401': ['unit', 'content'] } }), startFakeFacebook()]);
	process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
	process.env.LANTOA_SMS_GATEWAY_KEY = 'server-key';
	process.env.LANTOA_ZALO_OA_URL = zalo.url;
	process.env.LANTOA_ZNS_URL = zalo.url;
	process.env.LANTOA_FACEBOOK_GRAPH_URL = fb.url + '/v21.0';
});
afterAll(async () => {
	process.env = saved;
	await Promise.all([sms.close(), zalo.close(), fb.close()]);
});
afterEach(() => {
	sms.failNext(0);
	sms.rateLimitNext(0);
});

const signal = () => AbortSignal.timeout(5000);

function account(platform: string, over: Partial<AccountCredentials> = {}): AccountCredentials {
	return { id: 'a1', unitId: 'u1', platform, name: 'UBND xã Hà Bình', externalId: null, accessToken: null, webhookSecret: null, settings: {}, ...over };
}

function message(channel: OutgoingMessage['channel'], over: Partial<OutgoingMessage> = {}): OutgoingMessage {
	return { id: crypto.randomUUID(), channel, kind: 'notice', recipient: '0912345678', subject: null, body: 'Họp dân thôn Đông chiều thứ Sáu. Soạn HUY gửi 8055 để ngừng.', payload: {}, idempotencyKey: 'k:' + crypto.randomUUID(), account: null, ...over };
}

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
	const err = await p.then(
		() => null,
		(e) => e
	);
	expect(err).toBeInstanceOf(DeliveryError);
	return err as DeliveryError;
}

describe('SMS adapter and gateway', () => {
	it('sends with the unit key, the brand name, the number in 84 form and the idempotency key; a repeat sends nothing more', async () => {
		const m = message('sms', { account: account('sms', { accessToken: 'unit-key-1', externalId: 'UBND HaBinh' }) });
		const first = await smsAdapter.send(m, signal());
		const again = await smsAdapter.send(m, signal());
		expect(first.providerMessageId).toMatch(/^sms_/);
		expect(again.providerMessageId).toBe(first.providerMessageId);
		expect(sms.delivered.get(m.idempotencyKey)).toBe(1);
		const sent = sms.sent.find((s) => s.idempotencyKey === m.idempotencyKey)!;
		expect(sent).toMatchObject({ to: '84912345678', sender: 'UBND HaBinh', reference: m.id, text: m.body });
	});

	it('falls back to the server key; refuses a wrong key, a bad number and a long text for good', async () => {
		expect((await smsAdapter.send(message('sms'), signal())).providerMessageId).toBeTruthy();
		const badKey = await failure(smsAdapter.send(message('sms', { account: account('sms', { accessToken: 'wrong' }) }), signal()));
		expect([badKey.retryable, badKey.httpStatus]).toEqual([false, 401]);
		const badNumber = await failure(smsAdapter.send(message('sms', { recipient: '0241234567' }), signal()));
		expect(badNumber.retryable).toBe(false);
		const long = await failure(smsAdapter.send(message('sms', { body: 'x'.repeat(700) }), signal()));
		expect([long.retryable, long.message]).toEqual([false, expect.stringContaining('text_too_long')]);
	});

	it('a rate-limit answer is retryable with the Retry-After; a 5xx is retryable; an unreachable gateway is retryable', async () => {
		sms.rateLimitNext(1, 7);
		const limited = await failure(smsAdapter.send(message('sms'), signal()));
		expect([limited.retryable, limited.rateLimited, limited.retryAfterSeconds]).toEqual([true, true, 7]);
		sms.failNext(1);
		const broken = await failure(smsAdapter.send(message('sms'), signal()));
		expect([broken.retryable, broken.httpStatus]).toEqual([true, 500]);
		process.env.LANTOA_SMS_GATEWAY_URL = 'http://127.0.0.1:1';
		try {
			expect((await failure(smsAdapter.send(message('sms'), signal()))).retryable).toBe(true);
		} finally {
			process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
		}
	});

	it('a slow gateway is abandoned at the worker\'s timeout, to be retried', async () => {
		sms.slow(400);
		try {
			const err = await failure(smsAdapter.send(message('sms'), AbortSignal.timeout(100)));
			expect([err.retryable, err.message]).toEqual([true, 'timeout']);
		} finally {
			sms.slow(0);
		}
	});
});

describe('ZNS adapter', () => {
	const zns = () => account('zns', { accessToken: zalo.oa.accessToken, settings: { templates: { notice: '401' } } });

	it('sends the template named by the message kind, with its data and the idempotency key as tracking id', async () => {
		const m = message('zns', { account: zns(), payload: { templateData: { unit: 'Hà Bình', content: 'Họp dân thứ Sáu' } } });
		const result = await znsAdapter.send(m, signal());
		expect(result.providerMessageId).toBeTruthy();
		expect(zalo.zns.at(-1)).toMatchObject({ phone: '84912345678', templateId: '401', trackingId: m.idempotencyKey, templateData: { unit: 'Hà Bình', content: 'Họp dân thứ Sáu' } });
		const request = zalo.requests.at(-1)!;
		expect(request.headers.access_token).toBe(zalo.oa.accessToken);
	});

	it('maps Zalo errors: bad token and missing template data for good, quota and per-minute limit retried later', async () => {
		const bad = await failure(znsAdapter.send(message('zns', { account: account('zns', { accessToken: 'nope', settings: { templates: { notice: '401' } } }), payload: { templateData: { unit: 'a', content: 'b' } } }), signal()));
		expect([bad.retryable, bad.message]).toEqual([false, expect.stringContaining('-124')]);
		const missing = await failure(znsAdapter.send(message('zns', { account: zns(), payload: { templateData: { unit: 'a' } } }), signal()));
		expect(missing.retryable).toBe(false);
		const noTemplate = await failure(znsAdapter.send(message('zns', { account: account('zns', { accessToken: zalo.oa.accessToken }) }), signal()));
		expect(noTemplate.retryable).toBe(false);
		zalo.setZnsQuota(0);
		const quota = await failure(znsAdapter.send(message('zns', { account: zns(), payload: { templateData: { unit: 'a', content: 'b' } } }), signal()));
		expect([quota.retryable, quota.rateLimited]).toEqual([true, true]);
		expect(quota.retryAfterSeconds).toBeGreaterThan(0);
		expect(quota.retryAfterSeconds).toBeLessThanOrEqual(86400);
		zalo.setZnsQuota(100);
		zalo.rateLimitNext(1);
		const minute = await failure(znsAdapter.send(message('zns', { account: zns(), payload: { templateData: { unit: 'a', content: 'b' } } }), signal()));
		expect([minute.rateLimited, minute.retryAfterSeconds]).toEqual([true, 60]);
	});
});

describe('Zalo OA adapter', () => {
	const oa = (settings: Record<string, unknown> = { broadcastHours: [0, 24] }) =>
		account('zalo_oa', { externalId: zalo.oa.id, accessToken: zalo.oa.accessToken, webhookSecret: zalo.oa.secretKey, settings: { appId: zalo.oa.appId, ...settings } });

	it('broadcasts a publication to followers as an article, once a day per follower', async () => {
		const m = message('zalo_oa', { kind: 'publication', recipient: zalo.oa.id, subject: 'Lịch tiêm phòng cho trâu bò', body: 'Thôn Đông tiêm phòng sáng thứ Hai.', payload: { link: 'https://habinh.example/tin/1' }, account: oa() });
		const result = await zaloOaAdapter.send(m, signal());
		expect(result.providerMessageId).toBeTruthy();
		expect(zalo.oaMessages.at(-1)).toMatchObject({ kind: 'broadcast', text: 'Lịch tiêm phòng cho trâu bò' });
		const second = await failure(zaloOaAdapter.send({ ...m, id: crypto.randomUUID(), subject: 'Tin thứ hai' }, signal()));
		expect([second.retryable, second.rateLimited, second.message]).toEqual([true, true, expect.stringContaining('-211')]);
	});

	it('outside the broadcast hours the message waits for the window without calling Zalo', async () => {
		const before = zalo.requests.length;
		const hour = (new Date().getUTCHours() + 7) % 24;
		const closed = hour >= 12 ? [0, 1] : [23, 24];
		const err = await failure(zaloOaAdapter.send(message('zalo_oa', { kind: 'publication', recipient: zalo.oa.id, account: oa({ broadcastHours: closed }) }), signal()));
		expect([err.rateLimited, err.retryable]).toEqual([true, true]);
		expect(err.retryAfterSeconds).toBeGreaterThan(0);
		expect(zalo.requests.length).toBe(before);
		// 23:30 in Vietnam (16:30 UTC): the 08–22 window opens in 8.5 hours.
		expect(secondsUntilWindow(new Date('2026-03-02T16:30:00Z'), 8, 22)).toBe(8.5 * 3600);
		expect(secondsUntilWindow(new Date('2026-03-02T03:00:00Z'), 8, 22)).toBe(0);
	});

	it('replies to one user who wrote within 7 days; a user who did not is refused for good', async () => {
		zalo.follow('8811223344556677');
		const result = await zaloOaAdapter.send(message('zalo_oa', { kind: 'answer', recipient: '8811223344556677', body: 'Xã đã nhận câu hỏi của bạn.', account: oa() }), signal());
		expect(result.providerMessageId).toBeTruthy();
		expect(zalo.oaMessages.at(-1)).toMatchObject({ kind: 'cs', userId: '8811223344556677', text: 'Xã đã nhận câu hỏi của bạn.' });
		zalo.follow('9900112233445566', new Date(Date.now() - 8 * 86400_000));
		const stale = await failure(zaloOaAdapter.send(message('zalo_oa', { kind: 'answer', recipient: '9900112233445566', account: oa() }), signal()));
		expect([stale.retryable, stale.message]).toEqual([false, expect.stringContaining('-230')]);
		const badToken = await failure(zaloOaAdapter.send(message('zalo_oa', { kind: 'answer', recipient: '8811223344556677', account: account('zalo_oa', { accessToken: 'x' }) }), signal()));
		expect(badToken.retryable).toBe(false);
	});
});

describe('Facebook adapter', () => {
	const page = () => account('facebook', { externalId: fb.pages[0].id, accessToken: fb.pages[0].accessToken, webhookSecret: fb.pages[0].appSecret });

	it('posts to the Page feed with message, link, token and appsecret_proof, answering the post id and its address', async () => {
		const result = await facebookAdapter.send(message('facebook', { kind: 'publication', body: 'Xã Hà Bình mở lớp dạy nghề may.', payload: { link: 'https://habinh.example/tin/2' }, account: page() }), signal());
		expect(result.providerMessageId).toMatch(new RegExp(`^${fb.pages[0].id}_`));
		expect(result.externalUrl).toBe(`https://www.facebook.com/${fb.pages[0].id}/posts/${result.providerMessageId!.split('_')[1]}`);
		const post = fb.posts.get(result.providerMessageId!)!;
		expect(post).toMatchObject({ message: 'Xã Hà Bình mở lớp dạy nghề may.', link: 'https://habinh.example/tin/2', published: true });
	});

	it('schedules on Facebook when the time is 10 minutes to 30 days ahead', async () => {
		const at = new Date(Date.now() + 2 * 86400_000);
		const result = await facebookAdapter.send(message('facebook', { kind: 'publication', payload: { scheduledAt: at.toISOString() }, account: page() }), signal());
		expect(fb.posts.get(result.providerMessageId!)).toMatchObject({ published: false, scheduledPublishTime: Math.floor(at.getTime() / 1000) });
		const far = await failure(facebookAdapter.send(message('facebook', { payload: { scheduledAt: new Date(Date.now() + 40 * 86400_000).toISOString() }, account: page() }), signal()));
		expect(far.rateLimited).toBe(true);
		expect(far.retryAfterSeconds).toBeGreaterThan(9 * 86400);
	});

	it('maps Graph errors: a wrong app secret or expired token for good, page throttling retried when Facebook says', async () => {
		const wrongProof = await failure(facebookAdapter.send(message('facebook', { account: { ...page(), webhookSecret: 'not-the-secret' } }), signal()));
		expect([wrongProof.retryable, wrongProof.message]).toEqual([false, expect.stringContaining('facebook error 100')]);
		fb.expireTokenNext(1);
		const expired = await failure(facebookAdapter.send(message('facebook', { account: page() }), signal()));
		expect([expired.retryable, expired.message]).toEqual([false, expect.stringContaining('190/463')]);
		fb.rateLimitNext(1, 600);
		const limited = await failure(facebookAdapter.send(message('facebook', { account: page() }), signal()));
		expect([limited.rateLimited, limited.retryAfterSeconds]).toEqual([true, 600]);
		const noSecret = await failure(facebookAdapter.send(message('facebook', { account: { ...page(), webhookSecret: null } }), signal()));
		expect(noSecret.retryable).toBe(false);
	});

	it('reads a post\'s reactions, comments, shares, impressions and reach', async () => {
		const { providerMessageId } = await facebookAdapter.send(message('facebook', { account: page() }), signal());
		fb.setEngagement(providerMessageId!, { reactions: 42, comments: 7, shares: 3, impressions: 1500, reach: 900 });
		expect(await facebookEngagement(providerMessageId!, page(), signal())).toEqual({ reactions: 42, comments: 7, shares: 3, impressions: 1500, reach: 900 });
		const err = await failure(facebookEngagement('999_1', page(), signal()));
		expect(err.retryable).toBe(false);
	});
});
