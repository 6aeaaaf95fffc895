import { afterAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useBrowser } from './support/browser';
import { useAppServer } from './support/server';
import { apiSignIn, signIn, submitAndWait } from './support/auth';
import { axeViolations, describeViolations } from './support/a11y';

const app = useAppServer();
const browser = useBrowser();

// Every page without JavaScript: settings and "mark read" are plain forms.
const sessions = new Map<string, BrowserContext>();
afterAll(async () => {
	await Promise.all([...sessions.values()].map((c) => c.close()));
});

async function pageOf(username: string): Promise<Page> {
	let context = sessions.get(username);
	if (!context) {
		context = await browser.browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, username);
		sessions.set(username, context);
		return page;
	}
	return context.newPage();
}

const boxIds = (page: Page) => page.locator('section[aria-labelledby="my-reminders"] input[name="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

describe('officers’ reminders, without JavaScript', () => {
	let markedId = '';

	test('the commune officer sees the reminders box on the workspace home and marks one read', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + '/app');
		const box = page.locator('section[aria-labelledby="my-reminders"]');
		await expect(box.locator('h2').textContent()).resolves.toContain(vi['reminders.box']);
		const ids = await boxIds(page);
		expect(ids.length).toBeGreaterThan(0);
		const first = box.locator('li').first();
		const href = await first.locator('a').first().getAttribute('href');
		expect(href).toMatch(/^\/app\//);
		// The link opens what the reminder is about.
		const opened = await page.request.get(app.url + href!);
		expect(opened.status()).toBe(200);
		markedId = ids[0];
		await submitAndWait(page, first.locator('button[type="submit"]'));
		expect(new URL(page.url()).pathname).toBe('/app');
		expect(await boxIds(page)).not.toContain(markedId);
		// Still listed on the reminders page, as read.
		await page.goto(app.url + '/app/reminders');
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['reminders.title']);
		expect(await page.locator('main input[name="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).not.toContain(markedId);
		await expect(page.locator('main li.read').count()).resolves.toBeGreaterThan(0);
	});

	test('the officer sets e-mail, SMS and a digest hour; bad input comes back with the reason, nothing saved', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + '/app/account');
		await submitAndWait(page, page.locator('main a[href="/app/account/notifications"]'));
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['reminders.prefs.title']);
		// The demo's settings: e-mail digest at 7.
		await expect(page.inputValue('#n-hour')).resolves.toBe('7');
		await page.fill('#n-phone', '12345');
		await page.check('input[name="channels"][value="sms"]');
		await page.fill('#n-hour', '18');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('main').textContent()).resolves.toContain(vi['reminders.error.phone']);
		// The form keeps what was typed.
		await expect(page.inputValue('#n-phone')).resolves.toBe('12345');
		await page.goto(app.url + '/app/account/notifications');
		await expect(page.inputValue('#n-hour')).resolves.toBe('7');

		await page.fill('#n-phone', '0912 345 678');
		await page.check('input[name="channels"][value="sms"]');
		await page.fill('#n-hour', '18');
		await page.uncheck('input[name="kinds"][value="task_due"]');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		await expect(page.locator('main [role="status"]').textContent()).resolves.toBe(vi['reminders.prefs.saved']);
		await page.goto(app.url + '/app/account/notifications');
		await expect(page.inputValue('#n-hour')).resolves.toBe('18');
		await expect(page.inputValue('#n-phone')).resolves.toBe('0912345678');
		await expect(page.isChecked('input[name="channels"][value="sms"]')).resolves.toBe(true);
		await expect(page.isChecked('input[name="kinds"][value="task_due"]')).resolves.toBe(false);
	});

	test('the village head sees only their own reminders and cannot mark the officer’s read', async () => {
		const page = await pageOf('truongthon.habinh');
		await page.goto(app.url + '/app/reminders');
		expect(await page.locator('main input[name="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).not.toContain(markedId);
		const officer = await pageOf('canbo.habinh');
		await officer.goto(app.url + '/app/reminders?unread=1');
		const target = (await officer.locator('main li input[name="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))[0];
		expect(target).toMatch(/^[0-9a-f-]{36}$/);
		const cookie = await apiSignIn(app.url, 'truongthon.habinh');
		const res = await fetch(`${app.url}/app/reminders?/read`, {
			method: 'POST',
			headers: { cookie, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ id: target, returnTo: '/app' }),
			redirect: 'manual'
		});
		expect(res.status).toBe(404);
		expect(await res.text()).toContain(vi['reminders.notFound']);
		await officer.reload();
		expect(await officer.locator('main li input[name="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toContain(target);
		// A return address off the site is not followed.
		const own = await fetch(`${app.url}/app/reminders?/read`, {
			method: 'POST',
			headers: { cookie: await apiSignIn(app.url, 'canbo.habinh'), origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ id: target, returnTo: 'https://elsewhere.example/' }),
			redirect: 'manual'
		});
		expect(own.status).toBe(303);
		expect(own.headers.get('location')).toBe('/app/reminders?marked');
	});

	test('the settings page and the reminders page answer 200 to anyone signed in, and send others to sign in', async () => {
		for (const path of ['/app/reminders', '/app/account/notifications']) {
			const res = await fetch(app.url + path, { redirect: 'manual' });
			expect([302, 303, 401]).toContain(res.status);
			const cookie = await apiSignIn(app.url, 'truongthon.habinh');
			expect((await fetch(app.url + path, { headers: { cookie } })).status).toBe(200);
		}
		// Another person's settings are refused to anyone but an administrator.
		const cookie = await apiSignIn(app.url, 'truongthon.habinh');
		const res = await fetch(`${app.url}/app/account/notifications?user=00000000-0000-4000-8000-000000000000`, { headers: { cookie } });
		expect(res.status).toBe(403);
	});

	test('the home box, the reminders page and the settings page pass WCAG 2.1 AA checks', async () => {
		const context = await browser.browser.newContext();
		sessions.set('a11y', context);
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		for (const path of ['/app', '/app/reminders', '/app/account/notifications']) {
			await page.goto(app.url + path);
			const violations = await axeViolations(page);
			expect(violations, `${path}\n${describeViolations(violations)}`).toEqual([]);
		}
	});
});
