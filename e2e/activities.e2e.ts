import { describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import { vi } from '../src/lib/i18n/vi';
import { bandedPng } from '../src/lib/server/modules/activities/activities.images';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** A calendar date in Việt Nam some days before today (a done activity may not lie in the future). */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

describe('activities in the browser', () => {
	test('a village head records a home visit through the form without JavaScript, with a household from the register and a photo; the commune officer verifies it', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await page.goto(app.url + '/app/activities/new');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['activities.new']);
		const title = `Thăm hộ và hướng dẫn vay vốn ${Date.now()}`;
		await page.fill('#title', title);
		await page.selectOption('#unit', '16108-01');
		await page.selectOption('#channel', 'home_visit');
		const date = daysAgo(2);
		await page.fill('#date', date);
		await page.check('input[name="status"][value="done"]');
		await page.fill('#place', 'Thôn Đông Sơn');
		await page.fill('#count-poor', '2');
		await page.fill('#count-other', '1');
		await page.fill('#cost-local_budget', '150.000');

		// Find households in the register: the form comes back with everything typed kept.
		await page.fill('#hq', 'nguyen');
		await submitAndWait(page, page.locator('button[formaction="?/search"]'));
		await expect(page.inputValue('#title')).resolves.toBe(title);
		await expect(page.inputValue('#count-poor')).resolves.toBe('2');
		const found = page.locator('input[name="household"]');
		expect(await found.count()).toBeGreaterThan(0);
		const householdId = (await found.first().getAttribute('value'))!;
		await found.first().check();

		await page.setInputFiles('#evidenceFile', { name: 'tham-ho.png', mimeType: 'image/png', buffer: Buffer.from(bandedPng(40, 30, [[180, 40, 40], [240, 200, 60]])) });
		await page.fill('#evidenceCaption', 'Trưởng thôn tại nhà một hộ');
		await submitAndWait(page, page.locator('form.activity-form > button[type="submit"]'));

		const url = new URL(page.url());
		expect(url.pathname).toMatch(/^\/app\/activities\/[0-9a-f-]{36}$/);
		const id = url.pathname.split('/').pop()!;
		await expect(page.locator('main h1').textContent()).resolves.toBe(title);
		await expect(page.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['activities.saved']);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['activities.status.done']);
		await expect(page.locator(`main a[href="/app/households/${householdId}"]`).count()).resolves.toBe(1);
		const img = page.locator('main ul.gallery img');
		await expect(img.count()).resolves.toBe(1);
		const src = (await img.getAttribute('src'))!;
		const photo = await page.context().request.get(app.url + src);
		expect(photo.status()).toBe(200);
		expect(photo.headers()['content-type']).toBe('image/png');
		// The village head does not verify.
		await expect(page.locator('form[action="?/verify"]').count()).resolves.toBe(0);

		// Stored once, with its counts and cost, through the API too.
		const officerCookie = await apiSignIn(app.url, 'canbo.habinh');
		const stored = await (await fetch(`${app.url}/api/v1/activities/${id}`, { headers: { cookie: officerCookie } })).json();
		expect(stored).toMatchObject({ title, date, status: 'done', counts: { poor: 2, other: 1 }, cost: 150_000, unit: { code: '16108-01' } });
		expect(stored.evidence).toHaveLength(1);

		const officer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(officer, app.url, 'canbo.habinh');
		await officer.goto(`${app.url}/app/activities/${id}`);
		await submitAndWait(officer, officer.locator('form[action="?/verify"] button'));
		await expect(officer.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['activities.verified']);
		await expect(officer.locator('main').textContent()).resolves.toContain(vi['activities.status.verified']);

		// Verified: the village head may no longer change it.
		const edit = await page.goto(`${app.url}/app/activities/${id}/edit`);
		expect(edit?.status()).toBe(403);
	});

	test('a village head is refused another village’s activity, in pages and in the API', async () => {
		const officerCookie = await apiSignIn(app.url, 'canbo.habinh');
		const id = randomUUID();
		const body = { unit: '16108-02', channel: 'dialogue', title: 'Họp Thôn Tây Sơn', date: daysAgo(3), status: 'done', counts: { other: 12 } };
		const created = await fetch(`${app.url}/api/v1/activities/${id}`, {
			method: 'PUT',
			headers: { cookie: officerCookie, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		expect(created.status).toBe(201);

		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		expect((await page.goto(`${app.url}/app/activities/${id}`))?.status()).toBe(403);
		expect((await page.goto(`${app.url}/app/activities/${id}/edit`))?.status()).toBe(403);
		await page.goto(`${app.url}/app/activities`);
		await expect(page.locator('main').textContent()).resolves.not.toContain('Họp Thôn Tây Sơn');

		const headCookie = await apiSignIn(app.url, 'truongthon.habinh');
		const overwrite = await fetch(`${app.url}/api/v1/activities/${id}`, {
			method: 'PUT',
			headers: { cookie: headCookie, 'content-type': 'application/json' },
			body: JSON.stringify({ ...body, title: 'Đổi tên', version: 1 })
		});
		expect(overwrite.status).toBe(403);
		const own = await fetch(`${app.url}/api/v1/activities/${randomUUID()}`, {
			method: 'PUT',
			headers: { cookie: headCookie, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		expect(own.status).toBe(403);
	});

	test('list, calendar and per-plan views render from the demo season', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(`${app.url}/app/activities?channel=dialogue`);
		const rows = await page.locator('main table tbody tr').count();
		expect(rows).toBeGreaterThan(0);
		const calendar = await page.goto(`${app.url}/app/activities?view=calendar&month=2026-05`);
		expect(calendar?.status()).toBe(200);
		await expect(page.locator('main table.calendar a', { hasText: 'Đối thoại chính sách' }).count()).resolves.toBeGreaterThan(0);
		const planId = await page.locator('#f-plan option').nth(1).getAttribute('value');
		expect((await page.goto(`${app.url}/app/activities?view=calendar&month=2026-13`))?.status()).toBe(400);
		const byPlan = await page.goto(`${app.url}/app/activities?plan=${planId}`);
		expect(byPlan?.status()).toBe(200);
		await expect(page.locator('main h2').first().textContent()).resolves.toContain(vi['activities.plan.viewTitle']);
	});
});
