import { beforeAll, afterAll, describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { startFakeSmsGateway, type FakeSmsGateway } from '../src/lib/server/modules/outreach/testing/sms-server';
import { signedSmsWebhook } from '../src/lib/server/modules/outreach/testing/sign';
import { DEMO_FACEBOOK, DEMO_SMS, DEMO_ZALO } from '../src/lib/server/seed/platforms';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';
import { axeViolations, describeViolations } from './support/a11y';

// The gateway starts before the app server (registered first), which reads its address from the environment.
let sms: FakeSmsGateway;
beforeAll(async () => {
	sms = await startFakeSmsGateway({ apiKeys: ['e2e-gateway-key'] });
	process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
});
afterAll(async () => {
	await sms?.close();
	delete process.env.LANTOA_SMS_GATEWAY_URL;
});

const app = useAppServer();
const browser = useBrowser();

describe('platform accounts and webhooks', () => {
	test('the officer sees Hà Bình\'s accounts with keys hidden, changes one and sends a test that the gateway receives, without JavaScript', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const res = await page.goto(`${app.url}/app/outreach/accounts`);
		expect(res?.status()).toBe(200);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['platforms.title']);
		const html = await page.content();
		for (const secret of [DEMO_FACEBOOK.token, DEMO_FACEBOOK.appSecret, DEMO_ZALO.token, DEMO_ZALO.secretKey, DEMO_SMS.apiKey, DEMO_SMS.webhookSecret]) expect(html).not.toContain(secret);
		for (const p of ['facebook', 'zalo_oa', 'sms']) await expect(page.locator(`[data-testid="account-16108-${p}"]`).count()).resolves.toBe(1);
		await expect(page.locator('[data-testid="account-16108-sms"]').textContent()).resolves.toContain(`••••${DEMO_SMS.apiKey.slice(-4)}`);

		// Put the gateway's key on the SMS account (the other fields as they are).
		await page.locator('[data-testid="account-16108-sms"] a').first().click();
		await expect(page.locator('#acc-external').inputValue()).resolves.toBe(DEMO_SMS.sender);
		await page.fill('#acc-token', 'e2e-gateway-key');
		// The demo's queued SMS go out through this account too: a high rate lets the test message through soon.
		await page.fill('#acc-rate', '1000');
		await submitAndWait(page, page.locator('form[action="?/save"] button[type="submit"]'));
		await expect(page.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['platforms.form.saved']);
		await expect(page.locator('[data-testid="account-16108-sms"]').textContent()).resolves.toContain('••••-key');

		// A test message goes through the outbox to the gateway: the server's poller runs from its start.
		const form = page.locator('[data-testid="account-16108-sms"] form[action="?/test"]');
		await form.locator('input[name="address"]').fill('0912 345 678');
		await submitAndWait(page, form.locator('button[type="submit"]'));
		await expect(page.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['platforms.test.queued']);
		const deadline = Date.now() + 90_000;
		while (!sms.sent.some((m) => m.to === '84912345678') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
		const statuses = sms.requests.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
		expect(sms.sent.find((m) => m.to === '84912345678'), `gateway answers by status: ${JSON.stringify(statuses)}`).toMatchObject({ sender: DEMO_SMS.sender, text: expect.stringContaining('Xã Hà Bình') });
		await context.close();
	}, 240_000);

	test('bad input on the accounts form is refused with the field named and nothing changes; the page passes axe', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(`${app.url}/app/outreach/accounts`);
		await page.selectOption('#acc-platform', 'facebook');
		await page.fill('#acc-name', 'Trang sai');
		await page.fill('#acc-external', 'trang-ha-binh');
		await submitAndWait(page, page.locator('form[action="?/save"] button[type="submit"]'));
		await expect(page.locator('main').textContent()).resolves.toContain(vi['platforms.error.pageIdInvalid']);
		await page.goto(`${app.url}/app/outreach/accounts`);
		await expect(page.locator('[data-testid="account-16108-facebook"]').textContent()).resolves.toContain(DEMO_FACEBOOK.pageId);
		await context.close();

		const a11y = await (await browser.newContext()).newPage();
		await signIn(a11y, app.url, 'canbo.habinh');
		await a11y.goto(`${app.url}/app/outreach/accounts`);
		const violations = await axeViolations(a11y);
		expect(violations, describeViolations(violations)).toEqual([]);
	}, 120_000);

	test('another commune\'s officer sees none of Hà Bình\'s accounts and cannot change them; a village head is refused the page', async () => {
		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		await other.goto(`${app.url}/app/outreach/accounts`);
		await expect(other.locator('main').textContent()).resolves.toContain(vi['platforms.list.empty']);
		const html = await other.content();
		expect(html).not.toContain(DEMO_FACEBOOK.pageId);
		// A crafted form post for Hà Bình's unit.
		const cookies = await other.context().cookies();
		const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const post = await fetch(`${app.url}/app/outreach/accounts?/save`, {
			method: 'POST',
			headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: new URLSearchParams({ unit: '16108', platform: 'facebook', name: 'Chiếm trang', externalId: '999999999', accessToken: 'x', webhookSecret: 'y' }).toString()
		});
		expect(post.status).toBe(403);

		const head = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(head, app.url, 'truongthon.habinh');
		const refused = await head.goto(`${app.url}/app/outreach/accounts`);
		expect(refused?.status()).toBe(403);
	});

	test('a signed SMS to Hà Bình\'s number becomes feedback once; bad signatures, replays and oversized bodies change nothing', async () => {
		const event = { type: 'inbound', id: `e2e-${Date.now()}`, from: '0968 222 333', to: DEMO_SMS.inboundNumber, text: 'Xin hỏi lịch họp dân thôn Bình Lâm tháng này vào ngày nào?', receivedAt: new Date().toISOString() };
		const signed = signedSmsWebhook(event, DEMO_SMS.webhookSecret);
		const send = (body: string, headers: Record<string, string>) => fetch(`${app.url}/api/v1/webhooks/sms`, { method: 'POST', headers, body });
		const first = await send(signed.body, signed.headers);
		expect([first.status, await first.json()]).toEqual([200, { ok: true, outcome: 'feedback' }]);
		const again = await send(signed.body, signed.headers);
		expect([again.status, await again.json()]).toEqual([200, { ok: true, outcome: 'replay' }]);
		const forged = await send(signed.body.replace('Bình Lâm', 'Đông Sơn'), signed.headers);
		expect(forged.status).toBe(401);
		const big = await send(JSON.stringify({ ...event, id: 'big', text: 'x'.repeat(100_000) }), signed.headers);
		expect(big.status).toBe(413);
		const unknown = signedSmsWebhook({ ...event, id: 'u1', to: '1900' }, DEMO_SMS.webhookSecret);
		expect((await send(unknown.body, unknown.headers)).status).toBe(403);

		const officer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(officer, app.url, 'canbo.habinh');
		await officer.goto(`${app.url}/app/feedback?limit=200`);
		const text = (await officer.locator('main').textContent()) ?? '';
		expect(text.split('Xin hỏi lịch họp dân thôn Bình Lâm').length - 1).toBe(1);
		expect(text).not.toContain('Đông Sơn tháng này');
	});
});
