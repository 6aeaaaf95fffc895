import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { en } from '../src/lib/i18n/en';
import { DEMO_SUBSCRIPTION_TOKENS } from '../src/lib/server/seed/publishing';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';
import { rawRequest } from './support/http';
import { axeViolations, describeViolations } from './support/a11y';

// Delivery itself (the worker posting to the Graph API protocol server, the confirmation e-mail
// over SMTP, the unsubscribe link stopping queued messages) is tested in the module tests
// (publications.delivery.test.ts, subscriptions.test.ts): the app server of these tests runs on
// PGlite, where the outbox poller is only started by the hourly stand-in for pg-boss's cron.
const app = useAppServer();
const browser = useBrowser();

async function expectAccessible(page: Page) {
	const violations = await axeViolations(page);
	expect(violations, describeViolations(violations)).toEqual([]);
}

describe('publishing once to the portal and Facebook; a citizen subscribes, confirms and unsubscribes', () => {
	test('an approved article goes to the portal and the Facebook Page from the content page, without JavaScript, recorded as activities; a second time is refused', async () => {
		const title = 'Hướng dẫn làm hồ sơ vay vốn nuôi bò sinh sản (kiểm thử)';
		const officer = await apiSignIn(app.url, 'canbo.habinh');
		const chair = await apiSignIn(app.url, 'chutich.habinh');
		const post = (cookie: string, path: string, body?: unknown) =>
			fetch(app.url + path, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
		const created = await (await post(officer, '/api/v1/content', { unit: '16108', kind: 'article', title, summary: 'Hộ nghèo được vay đến 100 triệu đồng, lãi suất ưu đãi.', body: 'Hồ sơ nộp tại điểm giao dịch xã vào thứ Hai hằng tuần.' })).json();
		expect((await post(officer, `/api/v1/content/${created.id}/submit`)).status).toBe(200);
		expect((await post(chair, `/api/v1/content/${created.id}/approve`)).status).toBe(200);

		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(`${app.url}/app/content/${created.id}`);
		await submitAndWait(page, page.locator(`a[href="/app/outreach/publish?content=${created.id}"]`));
		await expect(page.locator('#content').inputValue()).resolves.toBe(created.id);
		await page.check('input[name="platforms"][value="portal"]');
		await page.check('input[name="platforms"][value="facebook"]');
		await page.uncheck('input[name="platforms"][value="zalo_oa"]');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['publishing.pub.done'].replace('{count}', '2'));

		// The portal has the article; the content page lists both publications. Facebook's is waiting
		// for the server's outbox worker, or already failed: the demo Page's keys are made up, so the
		// worker gives the post up as not configured as soon as it takes it.
		expect((await fetch(`${app.url}/portal/16108/news/${created.id}`)).status).toBe(200);
		await page.goto(`${app.url}/app/content/${created.id}`);
		const block = (await page.locator('#publish-out').locator('..').textContent()) ?? '';
		expect(block).toContain(`${vi['publishing.platform.portal']}: ${vi['publishing.status.published']}`);
		const facebook = ['queued', 'failed'].map((st) => `${vi['publishing.platform.facebook']}: ${vi[`publishing.status.${st}` as 'publishing.status.queued']}`);
		expect(facebook.some((text) => block.includes(text)), block).toBe(true);
		// Recorded as activities of Hà Bình with their channels.
		const acts = await (await fetch(`${app.url}/api/v1/activities?unit=16108&q=${encodeURIComponent('kiểm thử')}&limit=20`, { headers: { cookie: officer } })).json();
		expect(acts.items.map((a: { channel: string }) => a.channel).sort()).toEqual(['facebook', 'portal']);
		// A second publication to the same platform is refused with the conflict message.
		await page.goto(`${app.url}/app/outreach/publish?content=${created.id}`);
		await page.check('input[name="platforms"][value="facebook"]');
		await page.uncheck('input[name="platforms"][value="portal"]');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('main [role="alert"]').first().textContent()).resolves.toContain(vi['publishing.pub.already'].replace('{platform}', vi['publishing.platform.facebook']));
	});

	test('a citizen subscribes on the portal without JavaScript; a subscription is confirmed by its link and ended by the unsubscribe link; the pages pass axe', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${app.url}/portal/16108`);
		await submitAndWait(page, page.locator('.portal-nav a[href="/portal/16108/subscribe"]'));
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['publishing.sub.title']);
		expect(await page.locator('script').count()).toBe(0);
		await page.check('input[name="topics"][value="news"]');
		await page.check('input[name="topics"][value="dialogues"]');
		await page.check('input[name="channel"][value="email"]');
		await page.fill('#sub-address', 'ba.tuyet.kiemthu@example.vn');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('[data-testid="subscribe-sent"]').textContent()).resolves.toBe(vi['publishing.sub.sent']);

		// The e-mail's link (delivered in the module tests) opens this page: the demo's pending subscription stands in for it.
		const link = `${app.url}/portal/subscriptions/${DEMO_SUBSCRIPTION_TOKENS.pending}`;
		await page.goto(link);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['publishing.sub.confirmTitle']);
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('[data-testid="confirmed"]').textContent()).resolves.toBe(vi['publishing.sub.confirmed']);
		await page.goto(link);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['publishing.sub.stateActive']);

		await page.goto(link + '/unsubscribe');
		await expect(page.locator('[data-testid="unsubscribed"]').textContent()).resolves.toContain('Xã Hà Bình');
		await page.goto(link);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['publishing.sub.stateEnded']);
		expect(await page.locator('main form').count()).toBe(0);

		// Accessibility of the three pages (axe runs in a context that allows it; the pages ship no script).
		const checker = await (await browser.newContext()).newPage();
		for (const url of [`${app.url}/portal/16108/subscribe`, `${app.url}/portal/subscriptions/${DEMO_SUBSCRIPTION_TOKENS.active}`, link + '/unsubscribe', `${app.url}/portal/subscriptions/${'x'.repeat(32)}`]) {
			await checker.goto(url);
			await expectAccessible(checker);
		}
	});

	test('a mail provider\'s one-click unsubscribe (RFC 8058) is taken from another site; every other cross-site form post is refused', async () => {
		const post = (path: string, origin: string) =>
			fetch(app.url + path, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click', redirect: 'manual' });
		const token = DEMO_SUBSCRIPTION_TOKENS.active;
		const oneClick = await post(`/portal/subscriptions/${token}/unsubscribe`, 'https://mail.example.com');
		expect(oneClick.status).toBe(200);
		const after = await (await fetch(`${app.url}/portal/subscriptions/${token}`)).text();
		expect(after).toContain(vi['publishing.sub.stateEnded']);
		for (const path of ['/portal/16108/subscribe', `/portal/subscriptions/${token}`, '/login', '/app/households']) {
			const res = await post(path, 'https://mail.example.com');
			expect(res.status, path).toBe(403);
			expect(await res.text()).toContain(en['error.crossSiteForm'].replace('{method}', 'POST'));
		}
		const api = await fetch(`${app.url}/api/v1/public/subscriptions`, { method: 'POST', headers: { origin: 'https://mail.example.com', 'content-type': 'text/plain' }, body: 'x' });
		expect(api.status).toBe(403);
		expect((await api.json()).error.code).toBe('FORBIDDEN');
	});

	test('bad input on every public entry is refused with a clear message, never a 5xx', async () => {
		const form = (path: string, fields: Record<string, string | string[]>) => {
			const body = new URLSearchParams();
			for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
			return fetch(app.url + path, { method: 'POST', headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body, redirect: 'manual' });
		};
		const badEmail = await form('/portal/16108/subscribe', { topics: 'news', channel: 'email', address: 'khong-phai-thu' });
		expect(badEmail.status).toBe(400);
		expect(await badEmail.text()).toContain(vi['publishing.sub.emailInvalid']);
		const script = await form('/portal/16108/subscribe', { topics: 'news', channel: 'sms', address: '<script>alert(1)</script>' });
		expect(script.status).toBe(400);
		expect(await script.text()).not.toContain('<script>alert(1)</script>');
		const noTopic = await form('/portal/16108/subscribe', { channel: 'sms', address: '0912345678' });
		expect(noTopic.status).toBe(400);
		expect((await form('/portal/16108/subscribe', { topics: 'weather', channel: 'fax', address: 'x' })).status).toBe(400);
		expect((await fetch(`${app.url}/portal/KHONG-CO/subscribe`)).status).toBe(404);
		for (const token of ['abc', 'x'.repeat(32), '%3Cscript%3E', 'a'.repeat(300)]) {
			for (const path of [`/portal/subscriptions/${token}`, `/portal/subscriptions/${token}/unsubscribe`]) {
				const res = await fetch(app.url + path);
				expect(res.status, path).toBe(404);
				expect(await res.text()).toContain(vi['publishing.sub.tokenUnknown']);
			}
			expect((await form(`/portal/subscriptions/${token}`, {})).status).toBeLessThan(500);
		}

		const api = (body: string, type = 'application/json') => fetch(`${app.url}/api/v1/public/subscriptions`, { method: 'POST', headers: { 'content-type': type }, body });
		const phone = await api(JSON.stringify({ unit: '16108', topics: ['news'], channel: 'sms', address: '12345' }));
		expect(phone.status).toBe(400);
		expect((await phone.json()).error.message).toBe(vi['publishing.sub.phoneInvalid']);
		expect((await api('{"unit":')).status).toBe(400);
		// Not JSON: refused (415 by the API, or 403 by the framework's check of cross-site form posts).
		expect([403, 415]).toContain((await api('unit=16108', 'text/plain')).status);
		expect((await api('<unit/>', 'application/xml')).status).toBe(415);
		// On a connection of its own: the server closes it after refusing a body it did not read.
		const big = await rawRequest(app.url, { method: 'POST', path: '/api/v1/public/subscriptions', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unit: '16108', topics: ['news'], channel: 'sms', address: '0912345678', note: 'x'.repeat(1_100_000) }) });
		expect(big.status).toBe(413);
		expect((await api(JSON.stringify({ unit: 'NOWHERE', topics: ['news'], channel: 'sms', address: '0912345678' }))).status).toBe(404);
		const ok = await api(JSON.stringify({ unit: '16108', topics: ['schedule'], channel: 'sms', address: '0912 000 321' }));
		expect(ok.status).toBe(202);
		expect(await ok.json()).toEqual({ pending: 1, active: 0 });
		// A flood from one address is stopped (the feedback form's limits: 20 an hour per IP).
		const statuses: number[] = [];
		for (let i = 0; i < 25; i++) statuses.push((await api(JSON.stringify({ unit: '16108', topics: ['news'], channel: 'email', address: `lu.${i}@example.vn` }))).status);
		expect(statuses).toContain(429);
		expect(statuses.every((s) => s < 500)).toBe(true);
	});

	test('officers: the village head is refused, another commune sees none of Hà Bình’s subscribers, publications or notices', async () => {
		const head = await apiSignIn(app.url, 'truongthon.habinh');
		for (const path of ['/app/outreach/publish', '/app/outreach/notices', '/app/outreach/subscriptions'])
			expect((await fetch(app.url + path, { headers: { cookie: head }, redirect: 'manual' })).status, path).toBe(403);
		const other = await browser.newContext({ javaScriptEnabled: false });
		const page = await other.newPage();
		await signIn(page, app.url, 'canbo.daquyn');
		await page.goto(`${app.url}/app/outreach/subscriptions`);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Xã Hà Bình');
		await page.goto(`${app.url}/app/outreach/publish`);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Xã Hà Bình');
		await page.goto(`${app.url}/app/outreach/notices`);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Thôn Đông Sơn');

		// Hà Bình's officer previews a notice without JavaScript: counts only, and the SMS parts.
		const mine = await browser.newContext({ javaScriptEnabled: false });
		const p2 = await mine.newPage();
		await signIn(p2, app.url, 'canbo.habinh');
		await p2.goto(`${app.url}/app/outreach/notices`);
		await p2.fill('#notice-body', 'Sáng thứ Bảy họp thôn bàn về làm đường bê tông.');
		await p2.check('input[name="villages"][value="16108-01"]');
		await submitAndWait(p2, p2.locator('main form button[type="submit"]').first());
		await expect(p2.locator('#preview-title').count()).resolves.toBe(1);
		await expect(p2.locator('main').textContent()).resolves.toMatch(/phần tin/);
	});
});
