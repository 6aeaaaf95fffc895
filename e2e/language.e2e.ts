import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { t } from '../src/lib/i18n';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';
import { expectedNav, shownNav } from './support/nav';

const app = useAppServer();
const browser = useBrowser();

/** Clicks the header's language link (it names the other language) and waits for the page again. */
async function switchLanguage(page: Page, to: 'en' | 'vi') {
	await submitAndWait(page, page.locator(`header.top a[hreflang="${to}"]`));
}

async function expectLanguage(page: Page, locale: 'en' | 'vi') {
	await expect(page.locator('html').getAttribute('lang')).resolves.toBe(locale);
	const other = locale === 'en' ? 'vi' : 'en';
	await expect(page.locator(`header.top a[hreflang="${other}"]`).textContent()).resolves.toBe(t(locale, 'lang.switch'));
}

describe('language switch', () => {
	test('English via the header link, remembered on the next pages and after sign-in', async () => {
		// The browser asks for Vietnamese (vi-VN): the site starts in Vietnamese.
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(app.url + '/');
		await expectLanguage(page, 'vi');
		await expect(page.locator('h1').textContent()).resolves.toBe(t('vi', 'portal.index'));

		await switchLanguage(page, 'en');
		expect(new URL(page.url()).pathname).toBe('/');
		await expectLanguage(page, 'en');
		await expect(page.locator('h1').textContent()).resolves.toBe(t('en', 'portal.index'));

		// Remembered on the next page…
		await page.goto(app.url + '/portal/16108');
		await expectLanguage(page, 'en');
		await expect(page.locator('h1').textContent()).resolves.toBe(t('en', 'portal.title', { unit: 'Xã Hà Bình' }));
		await expect(page.locator('main h2#villages-h').textContent()).resolves.toBe(t('en', 'portal.villages'));

		// …on the sign-in page, and in the workspace after signing in.
		await page.goto(app.url + '/login');
		await expectLanguage(page, 'en');
		await expect(page.locator('h1').textContent()).resolves.toBe(t('en', 'login.title'));
		await signIn(page, app.url, 'canbo.habinh');
		await expectLanguage(page, 'en');
		await expect(page.locator('main h1').textContent()).resolves.toBe(t('en', 'home.title'));
		await expect(shownNav(page)).resolves.toEqual(expectedNav(['commune_officer'], 'en'));
		await expect(page.locator('header.top form[action="/logout"] button').textContent()).resolves.toBe(t('en', 'nav.signOut'));
	});

	test('a choice made while signed in follows the account to a new browser', async () => {
		const first = await (await browser.newContext()).newPage();
		await first.goto(app.url + '/login');
		await signIn(first, app.url, 'chutich.habinh');
		await expectLanguage(first, 'vi');
		await switchLanguage(first, 'en');
		expect(new URL(first.url()).pathname).toBe('/app');
		await expectLanguage(first, 'en');
		await expect(shownNav(first)).resolves.toEqual(expectedNav(['commune_leader'], 'en'));

		// A fresh browser with no language cookie shows Vietnamese until the account signs in.
		const second = await (await browser.newContext()).newPage();
		await second.goto(app.url + '/login');
		await expectLanguage(second, 'vi');
		await signIn(second, app.url, 'chutich.habinh');
		await expectLanguage(second, 'en');
		await expect(second.locator('main h1').textContent()).resolves.toBe(t('en', 'home.title'));

		// Switching back is remembered the same way.
		await switchLanguage(second, 'vi');
		await expectLanguage(second, 'vi');
		await second.goto(app.url + '/app');
		await expectLanguage(second, 'vi');
		await expect(shownNav(second)).resolves.toEqual(expectedNav(['commune_leader'], 'vi'));
	});
});
