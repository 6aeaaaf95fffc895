import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';
import { axeViolations, describeViolations } from './support/a11y';

const app = useAppServer();
const browser = useBrowser();

describe('outreach hub and delivery log in the browser', () => {
	test('the commune officer reads the hub and the log without JavaScript, opens a given-up message and sends it again; the village head gets 403; another commune cannot open it', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const hub = await page.goto(`${app.url}/app/outreach`);
		expect(hub?.status()).toBe(200);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['outreach.title']);
		// The demo's e-mail given up for want of a mail server is explained on the hub.
		await expect(page.locator('main').textContent()).resolves.toContain('chưa được cấu hình');
		await expect(page.locator('main table').first().textContent()).resolves.toContain(vi['outreach.channel.sms']);
		// The chart has its figures as a table too.
		await expect(page.locator('main svg[role="img"]').count()).resolves.toBeGreaterThan(0);
		for (const href of ['/app/outreach/messages', '/app/outreach/publish', '/app/outreach/notices', '/app/outreach/subscriptions', '/app/outreach/accounts'])
			await expect(page.locator(`main a[href="${href}"]`).count(), href).resolves.toBe(1);

		// The log, filtered to what was given up.
		await page.goto(`${app.url}/app/outreach/messages`);
		await page.selectOption('select[name="status"]', 'dead');
		await page.selectOption('select[name="channel"]', 'email');
		await submitAndWait(page, page.locator('form[method="get"] button[type="submit"]'));
		expect(new URL(page.url()).searchParams.get('status')).toBe('dead');
		const rows = page.locator('main table tbody tr');
		await expect(rows.count()).resolves.toBeGreaterThan(0);
		await expect(rows.first().textContent()).resolves.toContain(vi['outreach.status.dead']);

		// A bad filter is a clear 400, not a 500.
		const bad = await page.goto(`${app.url}/app/outreach/messages?channel=fax`);
		expect(bad?.status()).toBe(400);

		// The message, its attempts, and Send again.
		await page.goto(`${app.url}/app/outreach/messages?status=dead&channel=email`);
		await submitAndWait(page, rows.first().locator('a').first());
		const messageUrl = page.url();
		expect(new URL(messageUrl).pathname).toMatch(/^\/app\/outreach\/messages\/[0-9a-f-]{36}$/);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['outreach.error.notConfigured']);
		await expect(page.locator('main table').last().textContent()).resolves.toContain(vi['outreach.outcome.refused']);
		const attemptsBefore = await page.locator('main table').last().locator('tbody tr').count();
		await submitAndWait(page, page.locator('form[action="?/retry"] button'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['outreach.retried']);
		// The server's outbox worker takes the message again at once: a new attempt joins the log (with no
		// mail server configured here, it is given up again, for the same reason).
		let attemptsAfter = attemptsBefore;
		for (const deadline = Date.now() + 60_000; attemptsAfter <= attemptsBefore && Date.now() < deadline; ) {
			await new Promise((r) => setTimeout(r, 1000));
			await page.goto(messageUrl);
			attemptsAfter = await page.locator('main table').last().locator('tbody tr').count();
		}
		expect(attemptsAfter).toBeGreaterThan(attemptsBefore);

		// Accessibility of the three pages (axe needs JavaScript in the page, so a context of its own).
		const checker = await (await browser.newContext()).newPage();
		await signIn(checker, app.url, 'canbo.habinh');
		for (const path of ['/app/outreach', '/app/outreach/messages?status=dead', new URL(messageUrl).pathname]) {
			await checker.goto(`${app.url}${path}`);
			const violations = await axeViolations(checker);
			expect(violations, `${path}: ${describeViolations(violations)}`).toEqual([]);
		}

		// Another commune's officer: the message does not exist for them, through the page or the API.
		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		expect((await other.goto(messageUrl))?.status()).toBe(404);
		const id = new URL(messageUrl).pathname.split('/').pop();
		const cookie = await apiSignIn(app.url, 'canbo.daquyn');
		const retry = await fetch(`${app.url}/api/v1/outreach/messages/${id}/retry`, { method: 'POST', headers: { cookie } });
		expect(retry.status).toBe(404);

		// The village head has no outreach.read: 403 on every page.
		const head = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(head, app.url, 'truongthon.habinh');
		for (const path of ['/app/outreach', '/app/outreach/messages', new URL(messageUrl).pathname])
			expect((await head.goto(`${app.url}${path}`))?.status(), path).toBe(403);
	});
});
