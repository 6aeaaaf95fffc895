import { describe, expect, test } from 'vitest';
import { demoUnits } from '../src/lib/server/seed/demo';
import { vi } from '../src/lib/i18n/vi';
import { t } from '../src/lib/i18n';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, signOut, submitLogin, DEMO_PASSWORD } from './support/auth';
import { expectedNav, shownNav } from './support/nav';

const app = useAppServer();
const browser = useBrowser();

const noScript = () => browser.newContext({ javaScriptEnabled: false });

describe('with JavaScript turned off', () => {
	test('the home page lists the provinces and their communes', async () => {
		const page = await (await noScript()).newPage();
		const res = await page.goto(app.url + '/');
		expect(res?.status()).toBe(200);
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['portal.index']);
		const provinces = demoUnits.filter((u) => u.level === 'province');
		await expect(page.locator('main section.card h2').allTextContents()).resolves.toEqual(
			expect.arrayContaining(provinces.map((p) => p.name))
		);
		for (const commune of demoUnits.filter((u) => u.level === 'commune'))
			await expect(page.locator(`main a[href="/portal/${commune.code}"]`).textContent()).resolves.toBe(commune.name);
		await expect(page.locator('main a[href="/login"]').textContent()).resolves.toBe(vi['portal.staffSignIn']);
	});

	test('a commune portal shows the commune, its province and its villages', async () => {
		const page = await (await noScript()).newPage();
		const res = await page.goto(app.url + '/portal/16108');
		expect(res?.status()).toBe(200);
		await expect(page.locator('h1').textContent()).resolves.toBe(t('vi', 'portal.title', { unit: 'Xã Hà Bình' }));
		await expect(page.locator('nav.breadcrumb').textContent()).resolves.toContain('Tỉnh Thanh Hóa');
		const villages = demoUnits.filter((u) => u.parentCode === '16108').map((u) => u.name);
		await expect(page.locator('main section.card li').allTextContents()).resolves.toEqual(villages.map((v) => expect.stringContaining(v)));
		// Public pages ship no client JavaScript at all.
		await expect(page.locator('script').count()).resolves.toBe(0);
	});

	test('signing in with the form lands in the workspace with its navigation, and signing out works', async () => {
		const page = await (await noScript()).newPage();
		await page.goto(app.url + '/login');
		await signIn(page, app.url, 'canbo.habinh');
		expect(new URL(page.url()).pathname).toBe('/app');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['home.title']);
		await expect(shownNav(page)).resolves.toEqual(expectedNav(['commune_officer']));
		await expect(page.locator('main').textContent()).resolves.toContain(vi['role.commune_officer']);

		await signOut(page);
		expect(new URL(page.url()).pathname).toBe('/login');
		await expect(page.locator('[role="status"]').textContent()).resolves.toBe(vi['login.signedOut']);
	});

	test('a wrong password shows the Vietnamese error and keeps the typed name', async () => {
		const page = await (await noScript()).newPage();
		await submitLogin(page, app.url, 'canbo.habinh', DEMO_PASSWORD + 'x');
		expect(new URL(page.url()).pathname).toBe('/login');
		await expect(page.locator('#login-error').textContent()).resolves.toBe(vi['login.failed']);
		await expect(page.locator('#username').inputValue()).resolves.toBe('canbo.habinh');
		await expect(page.locator('#password').inputValue()).resolves.toBe('');
		await expect(page.locator('nav.workspace').count()).resolves.toBe(0);
	});
});
