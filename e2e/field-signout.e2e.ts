import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { t } from '../src/lib/i18n';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';
import { rawRequest } from './support/http';

/**
 * Signing out on a shared phone: the village notebook's queue, photos, household list and
 * cached files are cleared (Clear-Site-Data), so the next person finds nothing of the previous
 * one's; while the notebook holds unsent records, signing out warns first and deletes them only
 * when confirmed.
 */

const app = useAppServer();
const browser = useBrowser();

/** What the notebook keeps on this phone: cache names, IndexedDB databases and their records, service workers. */
async function stored(page: Page) {
	return page.evaluate(async () => {
		const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
		let records = 0;
		if (databases.includes('lantoa-field'))
			records = await new Promise<number>((resolve, reject) => {
				const open = indexedDB.open('lantoa-field');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const names = [...db.objectStoreNames];
					if (!names.length) return resolve(0);
					const tx = db.transaction(names, 'readonly');
					let n = 0;
					for (const name of names) {
						const req = tx.objectStore(name).count();
						req.onsuccess = () => (n += req.result);
					}
					tx.oncomplete = () => {
						db.close();
						resolve(n);
					};
				};
			});
		return { caches: await caches.keys(), databases, records, workers: (await navigator.serviceWorker.getRegistrations()).length };
	});
}

/** Opens the notebook signed in and waits until it is ready for offline use. */
async function openNotebook(page: Page) {
	await page.goto(app.url + '/field');
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
	await page.locator('main[data-worker="ready"][data-bootstrap="fresh"]').waitFor({ timeout: 30_000 });
}

describe('signing out of the village notebook on a shared phone', () => {
	test('with nothing unsent, signing out clears the cached files, the stored lists and the worker', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await openNotebook(page);
		const before = await stored(page);
		expect(before.caches.length).toBeGreaterThan(0);
		expect(before.databases).toContain('lantoa-field');
		expect(before.records).toBeGreaterThan(0);
		expect(before.workers).toBe(1);

		await submitAndWait(page, page.locator('header.top form[action="/logout"] button'));
		expect(new URL(page.url()).pathname).toBe('/login');
		const after = await stored(page);
		expect(after.caches).toEqual([]);
		expect(after.records).toBe(0);
		expect(after.workers).toBe(0);
		// The notebook asks for a sign-in again; it shows nothing of the previous account.
		await page.goto(app.url + '/field');
		expect(new URL(page.url()).pathname).toBe('/login');
	});

	test('with an unsent record, signing out warns first (no JavaScript needed there); going back keeps it, confirming deletes it', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await openNotebook(page);
		// The server cannot be reached for activities: the record stays in the queue, unsent.
		await context.route('**/api/v1/activities/**', (route) => route.abort());
		const title = `Họp tổ tự quản bàn lịch phát loa ${Date.now()}`;
		await page.selectOption('#field-channel', 'dialogue');
		await page.fill('#field-title', title);
		await page.fill('#count-other', '6');
		await page.click('#field-save');
		await page.locator('[data-saved]').waitFor();
		await page.locator('#tab-queue .count[data-pending="1"]').waitFor();
		expect((await context.cookies()).find((c) => c.name === 'lantoa_field_unsent')?.value).toBe('1');

		await submitAndWait(page, page.locator('header.top form[action="/logout"] button'));
		expect(new URL(page.url()).pathname).toBe('/logout/confirm');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['field.signOut.title']);
		await expect(page.locator('main [role="alert"]').textContent()).resolves.toBe(t('vi', 'field.signOut.unsent', { count: 1 }));
		// Still signed in, the record still there.
		expect((await stored(page)).records).toBeGreaterThan(0);
		await page.goto(app.url + '/field/#queue');
		await page.locator('#panel-queue li[data-state="waiting"]', { hasText: title }).waitFor();

		// The warning page works without JavaScript: the same cookies in a context with scripts off.
		const plain = await browser.newContext({ javaScriptEnabled: false });
		await plain.addCookies(await context.cookies());
		const plainPage = await plain.newPage();
		await plainPage.goto(app.url + '/logout/confirm');
		await expect(plainPage.locator('main form[action="/logout"] button').textContent()).resolves.toBe(t('vi', 'field.signOut.anyway', { count: 1 }));

		// Confirmed: signed out, and the phone holds nothing of the notebook any more.
		await page.goto(app.url + '/logout/confirm');
		await submitAndWait(page, page.locator('main form[action="/logout"] button'));
		expect(new URL(page.url()).pathname).toBe('/login');
		const after = await stored(page);
		expect(after.records).toBe(0);
		expect(after.caches).toEqual([]);
		expect((await context.cookies()).some((c) => c.name === 'lantoa_field_unsent')).toBe(false);
		expect((await context.cookies()).some((c) => c.name === 'lantoa_session')).toBe(false);
	});

	test('bad input to sign-out: odd cookies and bodies never give a 5xx', async () => {
		for (const cookie of ['lantoa_field_unsent=abc', 'lantoa_field_unsent=-1', 'lantoa_field_unsent=99999999999999', 'lantoa_field_unsent=%00', 'lantoa_field_unsent=3']) {
			for (const body of ['', 'confirm=yes', 'confirm=%ZZ', 'x'.repeat(5000)]) {
				const res = await rawRequest(app.url, { method: 'POST', path: '/logout', headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body });
				expect(res.status, `${cookie} ${body.slice(0, 20)}`).toBe(303);
				expect(['/login?signedOut', '/logout/confirm']).toContain(res.headers.location);
				if (res.headers.location === '/login?signedOut') expect(res.headers['clear-site-data']).toBe('"cache", "storage"');
			}
			const page = await rawRequest(app.url, { method: 'GET', path: '/logout/confirm', headers: { cookie, accept: 'text/html' } });
			expect(page.status, cookie).toBeLessThan(500);
		}
	});
});
