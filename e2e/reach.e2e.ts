import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** Yesterday's calendar date in Việt Nam: an activity that took place. */
const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
const year = () => yesterday().slice(0, 4);

type Reach = { total: { register: number; reached: number }; byCategory: { category: string; register: number; reached: number }[]; namesAvailable: boolean };

async function reachOf(cookie: string, unit: string, period: string): Promise<Reach> {
	const res = await fetch(`${app.url}/api/v1/reach?unit=${unit}&period=${period}`, { headers: { cookie } });
	expect(res.status).toBe(200);
	return (await res.json()) as Reach;
}

describe('household reach in the browser', () => {
	test('the reach page of Hà Bình shows living figures by category and channel, with charts and the way to those not reached (no JavaScript)', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const res = await page.goto(`${app.url}/app/reach?unit=16108&period=${year()}`);
		expect(res?.status()).toBe(200);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['reach.title']);
		const poor = await page.locator('tr[data-category="poor"] td').allTextContents();
		expect(Number(poor[0])).toBeGreaterThan(0);
		expect(Number(poor[1])).toBeGreaterThan(0);
		await expect(page.locator('#by-channel ~ div table tbody tr').count()).resolves.toBeGreaterThan(0);
		await expect(page.locator('figure svg[role="img"] rect').count()).resolves.toBeGreaterThan(0);
		// The chart's figures are there as a table too.
		await expect(page.locator('figure details table tbody tr').count()).resolves.toBeGreaterThan(0);
		const link = await page.locator('a', { hasText: vi['reach.notReachedList'] }).getAttribute('href');
		expect(link).toBe(`/app/households?notReached=${year()}&category=poor&village=16108&year=${year()}`);
		const exportLink = await page.locator('a', { hasText: vi['reach.notReachedExport'] }).getAttribute('href');
		expect(exportLink).toMatch(/^\/api\/v1\/households\/export\?notReached=\d{4}&category=poor&village=16108/);

		// The province sees the numbers, never a way to the names.
		const province = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(province, app.url, 'tinh.thanhhoa');
		expect((await province.goto(`${app.url}/app/reach?unit=16108&period=${year()}`))?.status()).toBe(200);
		await expect(province.locator('main').textContent()).resolves.toContain(vi['reach.countsOnly']);
		await expect(province.locator('a', { hasText: vi['reach.notReachedList'] }).count()).resolves.toBe(0);
	});

	test('bad input on the reach page and the attendance pages is a clear refusal, never a 500', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const status = async (path: string) => (await fetch(app.url + path, { headers: { cookie }, redirect: 'manual' })).status;
		expect(await status('/app/reach?unit=16108&period=2026Q5')).toBe(400);
		expect(await status('/app/reach?unit=16108&period=%00')).toBe(400);
		expect(await status('/app/reach?unit=NOPE&period=2026')).toBe(404);
		expect(await status('/app/reach?unit=24997&period=2026')).toBe(403);
		expect(await status('/app/activities/not-an-id/attendance')).toBe(404);
		expect(await status(`/app/activities/${randomUUID()}/attendance/print`)).toBe(404);
		expect(await status(`/app/activities/${randomUUID()}/attendance/export?format=pdf`)).toBe(400);
		const body = await (await fetch(`${app.url}/app/reach?unit=16108&period=2026Q5`, { headers: { cookie } })).text();
		expect(body).toContain('2026Q5');

		// The ticking form refuses junk and counts-only actors with a message, and stores nothing.
		const list = (await (await fetch(`${app.url}/api/v1/activities?unit=16108-01&limit=1`, { headers: { cookie } })).json()) as { items: { id: string }[] };
		const activity = list.items[0].id;
		const post = async (who: string, form: string) => {
			const res = await fetch(`${app.url}/app/activities/${activity}/attendance?/save`, {
				method: 'POST',
				headers: { cookie: who, origin: app.url, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' },
				body: form
			});
			return (await res.json()) as { type: string; status: number; data: string };
		};
		const junk = await post(cookie, 'shown=abc&ticked=abc');
		expect([junk.type, junk.status]).toEqual(['failure', 400]);
		const notShown = await post(cookie, `shown=${randomUUID()}&ticked=${randomUUID()}`);
		expect([notShown.type, notShown.status]).toEqual(['failure', 400]);
		const province = await post(await apiSignIn(app.url, 'tinh.thanhhoa'), `shown=${randomUUID()}`);
		expect([province.type, province.status]).toEqual(['failure', 403]);
	});

	test('an attendance list is printed, ticked without JavaScript, and the reach moves once the activity is verified', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const village = '16108-04';
		const id = randomUUID();
		const put = await fetch(`${app.url}/api/v1/activities/${id}`, {
			method: 'PUT',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ unit: village, channel: 'dialogue', title: 'Đối thoại về vay vốn hộ nghèo ở Yên Thịnh', place: 'Nhà văn hóa thôn', date: yesterday(), status: 'done' })
		});
		expect(put.status, await put.clone().text()).toBeLessThan(300);
		const before = await reachOf(cookie, village, year());

		// The printable list: the register of the village, poor households first, a tick and a signature column.
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		expect((await page.goto(`${app.url}/app/activities/${id}/attendance/print`))?.status()).toBe(200);
		const heads = await page.locator('table.attendance thead th').allTextContents();
		expect(heads).toEqual(expect.arrayContaining([vi['reach.attendance.tick'], vi['reach.attendance.signature'], vi['reach.attendance.headName']]));
		const categories = await page.locator('table.attendance tbody tr td:nth-child(2)').allTextContents();
		expect(categories.length).toBe(before.total.register);
		expect(categories[0]).toBe(vi['household.category.poor']);
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('header.top').isVisible()).resolves.toBe(false);
		await expect(page.locator('table.attendance').isVisible()).resolves.toBe(true);

		// Tick every household of the list on screen, with a plain form post.
		await page.emulateMedia({ media: 'screen' });
		await page.goto(`${app.url}/app/activities/${id}/attendance`);
		const boxes = page.locator('input[type="checkbox"][name="ticked"]');
		const n = await boxes.count();
		expect(n).toBe(before.total.register);
		for (let i = 0; i < n; i++) await boxes.nth(i).check();
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		expect(new URL(page.url()).searchParams.get('saved')).toBe(`${n}-0-${n}`);
		await expect(page.locator('[role="status"]').textContent()).resolves.toContain(String(n));
		await expect(page.locator('input[name="ticked"]:checked').count()).resolves.toBe(n);

		// Done, not verified: the reach has not moved.
		expect((await reachOf(cookie, village, year())).total.reached).toBe(before.total.reached);
		const verified = await fetch(`${app.url}/api/v1/activities/${id}/verify`, { method: 'POST', headers: { cookie } });
		expect(verified.status, await verified.clone().text()).toBe(200);
		const after = await reachOf(cookie, village, year());
		expect(before.total.reached).toBeLessThan(before.total.register);
		expect(after.total.reached).toBe(after.total.register);

		// The reach page shows the moved figure.
		await page.goto(`${app.url}/app/reach?unit=${village}&period=${year()}`);
		const total = await page.locator('tr[data-category="total"] td').allTextContents();
		expect(total.slice(0, 2).map(Number)).toEqual([after.total.register, after.total.register]);
	});
});
