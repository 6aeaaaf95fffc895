import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { iconPng } from '../src/lib/field/icon-png';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

interface Stored {
	id: string;
	title: string;
	date: string;
	unit: { code: string };
	channel: string;
	status: string;
	counts: Record<string, number>;
	households: { id: string }[];
	evidence: { id: string; kind: string; file: { mime: string; size: number } | null }[];
	version: number;
}

async function api(cookie: string, path: string, init: RequestInit = {}) {
	const res = await fetch(app.url + path, { ...init, headers: { cookie, accept: 'application/json', ...(init.headers ?? {}) } });
	return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
}

describe('village notebook: offline entry, synced once', () => {
	test('the village head records an activity with a photo and households offline, reloads offline, and it is stored exactly once when the network returns', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await page.goto(app.url + '/field');
		expect(new URL(page.url()).pathname).toBe('/field/');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['field.title']);

		// Ready for offline use: the worker controls the page, the built files are cached, the lists are here.
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
		await page.locator('main[data-worker="ready"][data-bootstrap="fresh"]').waitFor({ timeout: 30_000 });
		const households = page.locator('input[name="household"]');
		expect(await households.count()).toBeGreaterThan(5);

		const bootstrapAt = () => page.evaluate(() => fetch('/api/v1/field/bootstrap').then((r) => r.json()).then((b: { generatedAt: string }) => b.generatedAt));
		const online = await bootstrapAt();

		await context.setOffline(true);
		await page.locator('main[data-online="no"]').waitFor();
		// The worker has no network either: it answers the bootstrap from its cache, not anew.
		await expect(bootstrapAt()).resolves.toBe(online);
		// The page really has no network: an address the worker does not keep fails.
		await expect(page.evaluate(() => fetch('/healthz').then(() => 'reached', () => 'failed'))).resolves.toBe('failed');

		const title = `Họp thôn bàn cách phổ biến vốn vay ưu đãi ${Date.now()}`;
		await page.selectOption('#field-channel', 'dialogue');
		await page.fill('#field-title', title);
		await page.fill('#field-place', 'Nhà văn hóa thôn Đông Sơn');
		await page.fill('#count-poor', '4');
		await page.fill('#count-other', '7');
		const ticked = [await households.nth(0).getAttribute('value'), await households.nth(1).getAttribute('value')] as string[];
		await households.nth(0).check();
		await households.nth(1).check();
		await page.setInputFiles('#field-photos', { name: 'hop-thon.png', mimeType: 'image/png', buffer: iconPng(240) });
		await page.locator('ul.photos li img').waitFor();
		await page.click('#field-save');
		await page.locator('[data-saved]').waitFor();
		await expect(page.locator('[data-saved]').textContent()).resolves.toContain(title);

		await page.click('#tab-queue');
		const item = page.locator('#panel-queue li[data-state="waiting"]', { hasText: title });
		await item.waitFor();
		const id = (await item.getAttribute('data-id'))!;
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		await expect(item.textContent()).resolves.toContain(vi['field.state.waiting']);

		// Reloading while offline: the worker serves the page and its files, and the queue is still there.
		const reloaded = await page.reload();
		expect(reloaded?.status()).toBe(200);
		expect(reloaded?.fromServiceWorker()).toBe(true);
		await page.locator('main[data-online="no"]').waitFor();
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['field.title']);
		await page.locator(`#panel-queue li[data-id="${id}"][data-state="waiting"]`).waitFor();
		await expect(page.locator('#tab-queue .count').textContent()).resolves.toBe('1');
		// The cached lists still fill the form offline.
		await page.locator('main[data-bootstrap="fresh"], main[data-bootstrap="cached"]').waitFor();
		await page.click('#tab-record');
		expect(await page.locator('input[name="household"]').count()).toBeGreaterThan(5);

		await context.setOffline(false);
		await page.click('#tab-queue');
		await page.locator(`#panel-queue li[data-id="${id}"][data-state="sent"]`).waitFor({ timeout: 30_000 });

		/** Clicks "send again" and waits for the phone's PUT of the activity to be answered. */
		const resend = async (activityId: string) => {
			const answered = page.waitForResponse((r) => r.request().method() === 'PUT' && new URL(r.url()).pathname === `/api/v1/activities/${activityId}`, { timeout: 30_000 });
			await page.locator(`#panel-queue li[data-id="${activityId}"] button[data-action="resend"]`).click();
			return answered;
		};
		const cookie = await apiSignIn(app.url, 'truongthon.habinh');
		const stored = await api(cookie, `/api/v1/activities/${id}`);
		expect(stored.status).toBe(200);
		const activity = stored.body as Stored;
		expect(activity).toMatchObject({ id, title, unit: { code: '16108-01' }, channel: 'dialogue', status: 'done', counts: { poor: 4, other: 7 }, version: 1 });
		expect(activity.households.map((h) => h.id).sort()).toEqual([...ticked].sort());
		expect(activity.evidence).toHaveLength(1);
		expect(activity.evidence[0]).toMatchObject({ kind: 'photo', file: { mime: 'image/jpeg' } });
		const photoId = activity.evidence[0].id;
		const once = async () => (await api(cookie, `/api/v1/activities?unit=16108-01&q=${encodeURIComponent(title)}&limit=10`)).body.items as { id: string }[];
		expect((await once()).map((a) => a.id)).toEqual([id]);

		// Sending the same record again from the queue stores nothing twice.
		const resent = await resend(id);
		expect(resent.status()).toBe(200);
		await page.locator(`#panel-queue li[data-id="${id}"][data-state="sent"]`).waitFor({ timeout: 30_000 });
		expect((await once()).map((a) => a.id)).toEqual([id]);
		const again = (await api(cookie, `/api/v1/activities/${id}`)).body as Stored;
		expect(again.version).toBe(1);
		expect(again.evidence.map((e) => e.id)).toEqual([photoId]);

		// The same content PUT once more answers 200 with the stored record; different content is a conflict.
		const same = { unit: '16108-01', channel: 'dialogue', date: activity.date, title, status: 'done', place: 'Nhà văn hóa thôn Đông Sơn', counts: { poor: 4, other: 7 }, households: [...ticked].sort() };
		const put = (body: unknown) => api(cookie, `/api/v1/activities/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		await expect(put(same)).resolves.toMatchObject({ status: 200, body: { id, version: 1 } });
		await expect(put({ ...same, title: title + ' (sửa)' })).resolves.toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
		expect((await once()).map((a) => a.id)).toEqual([id]);

		// The commune changes it on the server; the phone's next resend differs, and both versions are
		// shown side by side; nothing is overwritten until the village head chooses.
		const changed = title + ' (xã sửa)';
		await expect(put({ ...same, title: changed, version: 1 })).resolves.toMatchObject({ status: 200, body: { version: 2 } });
		expect((await resend(id)).status()).toBe(409);
		const conflict = page.locator(`#panel-queue li[data-id="${id}"][data-state="conflict"]`);
		await conflict.waitFor({ timeout: 30_000 });
		await expect(conflict.textContent()).resolves.toContain(vi['field.conflictHelp']);
		await conflict.locator('td', { hasText: changed }).waitFor();
		await expect(api(cookie, `/api/v1/activities/${id}`)).resolves.toMatchObject({ body: { title: changed, version: 2 } });
		await conflict.locator('button', { hasText: vi['field.sendMine'] }).click();
		await page.locator(`#panel-queue li[data-id="${id}"][data-state="sent"]`).waitFor({ timeout: 30_000 });
		await expect(api(cookie, `/api/v1/activities/${id}`)).resolves.toMatchObject({ body: { title, version: 3 } });
		expect((await once()).map((a) => a.id)).toEqual([id]);

		// Online, the recent list shows it from the server.
		await page.click('#tab-recent');
		await page.locator('#panel-recent td', { hasText: title }).first().waitFor({ timeout: 15_000 });
	});

	test('a record the server refuses keeps its id and shows the server’s reason; corrected, it is sent under the same id', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await page.goto(app.url + '/field/');
		await page.locator('main[data-bootstrap="fresh"]').waitFor({ timeout: 30_000 });
		// The commune's plan in force is offered; a date in a year outside its period is the server's to refuse.
		const planId = (await page.locator('#field-plan option').nth(1).getAttribute('value'))!;
		await page.selectOption('#field-plan', planId);
		const title = `Phát tờ rơi về bảo hiểm y tế cho hộ cận nghèo ${Date.now()}`;
		await page.selectOption('#field-channel', 'leaflet');
		await page.fill('#field-title', title);
		await page.fill('#field-date', '2019-06-01');
		await page.fill('#count-near_poor', '5');
		await page.click('#field-save');
		await page.click('#tab-queue');
		const refused = page.locator('#panel-queue li[data-state="invalid"]', { hasText: title });
		await refused.waitFor({ timeout: 30_000 });
		await expect(refused.textContent()).resolves.toContain(vi['activities.dateOutsidePlan']);
		const id = (await refused.getAttribute('data-id'))!;
		const cookie = await apiSignIn(app.url, 'truongthon.habinh');
		await expect(api(cookie, `/api/v1/activities/${id}`)).resolves.toMatchObject({ status: 404 });

		await refused.locator('button', { hasText: vi['field.edit'] }).click();
		// The form opens with the refused record in it.
		await page.waitForFunction((t) => (document.querySelector('#field-title') as HTMLInputElement | null)?.value === t, title);
		await expect(page.locator('#panel-record').textContent()).resolves.toContain(vi['activities.dateOutsidePlan']);
		const today = (await page.locator('#field-date').getAttribute('max'))!;
		await page.fill('#field-date', today);
		await page.click('#field-save');
		await page.click('#tab-queue');
		await page.locator(`#panel-queue li[data-id="${id}"][data-state="sent"]`).waitFor({ timeout: 30_000 });
		await expect(api(cookie, `/api/v1/activities/${id}`)).resolves.toMatchObject({
			status: 200,
			body: { id, title, date: today, plan: { id: planId }, counts: { near_poor: 5 }, version: 1 }
		});
	});

	test('the worker script, the manifest and the icons are served for an installable app', async () => {
		const sw = await fetch(app.url + '/field/sw.js');
		expect(sw.status).toBe(200);
		expect(sw.headers.get('content-type')).toMatch(/^application\/javascript/);
		expect(sw.headers.get('cache-control')).toBe('no-cache');
		expect(sw.headers.get('service-worker-allowed')).toBeNull();
		expect(await sw.text()).toContain("addEventListener('fetch'");

		const manifest = await fetch(app.url + '/field/manifest.webmanifest');
		expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
		const m = (await manifest.json()) as { name: string; start_url: string; scope: string; display: string; theme_color: string; icons: { src: string; sizes: string }[] };
		expect(m).toMatchObject({ name: 'Sổ tay thôn – Lan Tỏa', start_url: '/field/', scope: '/field/', display: 'standalone', theme_color: '#8a1c1c' });
		for (const size of ['192', '512']) {
			const icon = m.icons.find((i) => i.sizes === `${size}x${size}`)!;
			const res = await fetch(app.url + icon.src);
			expect(res.headers.get('content-type')).toBe('image/png');
			const png = Buffer.from(await res.arrayBuffer());
			expect(png.subarray(1, 4).toString()).toBe('PNG');
			expect(png.readUInt32BE(16)).toBe(Number(size));
		}
		await expect(fetch(app.url + '/field/icons/13.png').then((r) => r.status)).resolves.toBe(404);
	});

	test('the notebook is for signed-in people who record activities; the bootstrap refuses other villages and bad codes', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(app.url + '/field');
		const login = new URL(page.url());
		expect(login.pathname).toBe('/login');
		expect(login.searchParams.get('next')).toBe('/field/');

		await page.goto(app.url + '/login');
		await signIn(page, app.url, 'ketoan.habinh');
		const refused = await page.goto(app.url + '/field/');
		expect(refused?.status()).toBe(403);
		await expect(page.locator('[role="alert"]').textContent()).resolves.toBe(vi['error.forbidden']);

		// Without JavaScript the first load still renders, and says what the notebook needs.
		const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await noScript.goto(app.url + '/login');
		await signIn(noScript, app.url, 'truongthon.habinh');
		expect((await noScript.goto(app.url + '/field/'))?.status()).toBe(200);
		await expect(noScript.locator('main').textContent()).resolves.toContain(vi['field.noscript']);

		const anonymous = await fetch(app.url + '/api/v1/field/bootstrap');
		expect(anonymous.status).toBe(401);
		const finance = await apiSignIn(app.url, 'ketoan.habinh');
		await expect(api(finance, '/api/v1/field/bootstrap')).resolves.toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
		const head = await apiSignIn(app.url, 'truongthon.habinh');
		await expect(api(head, '/api/v1/field/bootstrap?village=16108-02')).resolves.toMatchObject({ status: 403 });
		await expect(api(head, '/api/v1/field/bootstrap?village=' + encodeURIComponent("x'; --"))).resolves.toMatchObject({ status: 400, body: { error: { code: 'VALIDATION' } } });
		const own = await api(head, '/api/v1/field/bootstrap');
		expect(own.status).toBe(200);
		expect(own.body.village.code).toBe('16108-01');
		expect(Object.keys(own.body.households[0]).sort()).toEqual(['category', 'id', 'name']);
	});
});
