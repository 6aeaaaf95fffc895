import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** Yesterday's calendar date in Việt Nam: an activity that took place. */
const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The figure of a code in a row of the table by unit one level down. */
const childFigure = async (page: Page, unit: string, code: string) => (await page.locator(`#children-table tr[data-unit="${unit}"] td[data-code="${code}"]`).textContent())?.trim();

async function expectChartsAndTables(page: Page) {
	await expect(page.locator('figure svg[role="img"]').count()).resolves.toBeGreaterThan(3);
	await expect(page.locator('figure details table tbody tr').count()).resolves.toBeGreaterThan(0);
	await expect(page.locator('#months-table tbody tr').count()).resolves.toBeGreaterThan(0);
	await expect(page.locator('#feedback-table tbody tr').count()).resolves.toBeGreaterThan(0);
	await expect(page.locator('#spending-table tbody tr').count()).resolves.toBeGreaterThan(0);
}

describe('dashboards in the browser', () => {
	test('a province officer drills down from the province to a commune and a village, without JavaScript', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'tinh.thanhhoa');
		const year = yesterday().slice(0, 4);
		const res = await page.goto(`${app.url}/app/dashboard`);
		expect(res?.status()).toBe(200);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['dashboards.title']);
		await expect(page.locator('#dashboard-heading').getAttribute('data-unit')).resolves.toBe('38');
		await expect(page.locator('#dashboard-heading').getAttribute('data-period')).resolves.toBe(year);
		await expectChartsAndTables(page);
		// The communes of the province, each a link; the merged commune is not a row of its own.
		await expect(page.locator('#children-table tr[data-unit="16105"]').count()).resolves.toBe(0);
		await page.locator('#children-table tr[data-unit="16108"] a').click();
		await page.waitForURL(/unit=16108/);
		await expect(page.locator('#dashboard-heading').getAttribute('data-unit')).resolves.toBe('16108');
		await expectChartsAndTables(page);
		await expect(page.locator('#children-table tbody tr').count()).resolves.toBe(6);
		// The breadcrumb leads back up to the province.
		await expect(page.locator('nav.trail a').first().textContent()).resolves.toBe('Tỉnh Thanh Hóa');
		await page.locator('#children-table tr[data-unit="16108-01"] a').click();
		await page.waitForURL(/unit=16108-01/);
		await expect(page.locator('#dashboard-heading').getAttribute('data-unit')).resolves.toBe('16108-01');
		await expect(page.locator('main').textContent()).resolves.toContain(vi['dashboards.children.none']);

		// The period form is a plain GET form: the first quarter of last year.
		await page.goto(`${app.url}/app/dashboard?unit=38`);
		await page.selectOption('#year', String(Number(year) - 1));
		await page.selectOption('#part', 'Q1');
		await page.locator('form[method="GET"] button[type="submit"]').click();
		await page.waitForURL(/part=Q1/);
		await expect(page.locator('#dashboard-heading').getAttribute('data-period')).resolves.toBe(`${Number(year) - 1}Q1`);

		// 2024: Xã Hà Lai's history shows under Xã Hà Bình.
		expect((await page.goto(`${app.url}/app/dashboard?unit=38&period=2024`))?.status()).toBe(200);
		expect(Number(await childFigure(page, '16108', 'dialogues_held'))).toBeGreaterThanOrEqual(2);
		expect(Number(await childFigure(page, '16108', 'bulletins_broadcast'))).toBeGreaterThanOrEqual(6);
	});

	test('an activity recorded now is on the dashboard at the next request', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const period = yesterday().slice(0, 7);
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(`${app.url}/app/dashboard?unit=16108&period=${period}`);
		const before = Number(await childFigure(page, '16108-05', 'dialogues_held'));
		const put = await fetch(`${app.url}/api/v1/activities/${randomUUID()}`, {
			method: 'PUT',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ unit: '16108-05', channel: 'dialogue', title: 'Đối thoại về học nghề cho thanh niên hộ cận nghèo', place: 'Nhà văn hóa thôn Trung Hòa', date: yesterday(), status: 'done' })
		});
		expect(put.status, await put.clone().text()).toBeLessThan(300);
		await page.goto(`${app.url}/app/dashboard?unit=16108&period=${period}`);
		expect(Number(await childFigure(page, '16108-05', 'dialogues_held'))).toBe(before + 1);
	});

	test('out of reach is refused, bad input is a clear 400, never a 500', async () => {
		const commune = await apiSignIn(app.url, 'canbo.habinh');
		const province = await apiSignIn(app.url, 'tinh.thanhhoa');
		const head = await apiSignIn(app.url, 'truongthon.habinh');
		const status = async (cookie: string, path: string) => (await fetch(app.url + path, { headers: { cookie }, redirect: 'manual' })).status;
		expect(await status(commune, '/app/dashboard?unit=24997')).toBe(403);
		expect(await status(commune, '/app/dashboard?unit=38')).toBe(403);
		expect(await status(province, '/app/dashboard?unit=68')).toBe(403);
		expect(await status(province, '/app/dashboard?unit=24997')).toBe(403);
		expect(await status(head, '/app/dashboard?unit=16108-02')).toBe(403);
		expect(await status(head, '/app/dashboard')).toBe(200);
		expect(await status(commune, '/app/dashboard?unit=16108&period=2026Q5')).toBe(400);
		expect(await status(commune, '/app/dashboard?unit=16108&year=abc')).toBe(400);
		expect(await status(commune, '/app/dashboard?unit=%00')).toBe(400);
		expect(await status(commune, '/app/dashboard?unit=NOPE')).toBe(404);
		const body = await (await fetch(`${app.url}/app/dashboard?unit=16108&period=2026Q5`, { headers: { cookie: commune } })).text();
		expect(body).toContain('2026Q5');
	});
});
