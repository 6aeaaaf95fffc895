import { describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(app.url + '/login');
	await signIn(page, app.url, username);
	return { context, page };
}

/** The API as the browser's session: the same cookies, no second sign-in. */
async function apiGet(context: BrowserContext, path: string) {
	const res = await context.request.get(app.url + path, { failOnStatusCode: false });
	return { status: res.status(), type: res.headers()['content-type'] ?? '', body: await res.json() };
}

async function expectForbiddenPage(page: Page, path: string) {
	const res = await page.goto(app.url + path);
	expect(res?.status(), path).toBe(403);
	expect(new URL(page.url()).pathname).toBe(path);
	await expect(page.locator('h1').textContent()).resolves.toContain('403');
	await expect(page.locator('[role="alert"]').textContent()).resolves.toBe(vi['error.forbidden']);
	// Nothing of the refused unit leaks into the page.
	await expect(page.locator('main').textContent()).resolves.not.toMatch(/Đa Quyn|Tây Sơn/);
}

/** The role's own unit opens: the refusal that follows is about scope, not a broken page. */
async function expectOwnUnitPage(page: Page, code: string) {
	const res = await page.goto(app.url + '/app/units/' + code);
	expect(res?.status(), code).toBe(200);
}

describe('a signed-in officer is refused units outside their scope', () => {
	test('commune officer of Hà Bình: the API refuses Đa Quyn with 403 JSON, and lists nothing of it', async () => {
		const { context } = await signedIn('canbo.habinh');
		await expect(apiGet(context, '/api/v1/units/16108')).resolves.toMatchObject({ status: 200, body: { code: '16108' } });

		const refused = await apiGet(context, '/api/v1/units/24997');
		expect(refused.status).toBe(403);
		expect(refused.type).toMatch(/^application\/json/);
		expect(refused.body).toEqual({ error: { code: 'FORBIDDEN', message: vi['error.forbidden'], details: [] } });

		const list = await apiGet(context, '/api/v1/units?includeInactive=true&limit=500');
		expect(list.status).toBe(200);
		const codes = (list.body.items as { code: string }[]).map((u) => u.code);
		expect(codes).toContain('16108');
		expect(codes.every((c) => c.startsWith('16108'))).toBe(true);
		const search = await apiGet(context, '/api/v1/units?q=Quyn&includeInactive=true');
		expect(search.body.items).toEqual([]);
	});

	test('commune officer of Hà Bình: the page of Đa Quyn is a 403 page', async () => {
		const { page } = await signedIn('canbo.habinh');
		await expectOwnUnitPage(page, '16108');
		await expectForbiddenPage(page, '/app/units/24997');
	});

	test('village head of Đông Sơn: the API refuses another village and the commune above', async () => {
		const { context } = await signedIn('truongthon.habinh');
		await expect(apiGet(context, '/api/v1/units/16108-01')).resolves.toMatchObject({ status: 200, body: { code: '16108-01' } });
		for (const code of ['16108-02', '16108', '24997-01']) {
			const refused = await apiGet(context, '/api/v1/units/' + code);
			expect(refused.status, code).toBe(403);
			expect(refused.body.error.code).toBe('FORBIDDEN');
		}
	});

	test('village head of Đông Sơn: the page of Tây Sơn is a 403 page', async () => {
		const { page } = await signedIn('truongthon.habinh');
		await expectOwnUnitPage(page, '16108-01');
		await expectForbiddenPage(page, '/app/units/16108-02');
	});
});
