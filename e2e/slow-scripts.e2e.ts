import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { DEMO_PASSWORD, submitAndWait } from './support/auth';

// On a slow connection a page is on screen, and typed into, seconds before its scripts arrive.
// Here the scripts are held back until the fields have been filled, then let through.
const app = useAppServer();
const browser = useBrowser();

/** Opens `path` with the app's scripts held; returns a function that lets them through and waits until the page has started. */
async function openWithScriptsHeld(page: Page, path: string): Promise<() => Promise<void>> {
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	const scripts = (url: URL) => url.pathname.startsWith('/_app/immutable/') && url.pathname.endsWith('.js');
	await page.route(scripts, async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(app.url + path, { waitUntil: 'commit' });
	await page.locator('main form').first().waitFor();
	return async () => {
		release();
		// The root layout's start-up takes the record of typed fields away once it has run.
		await page.waitForFunction(() => (window as { __lantoaTyped?: unknown }).__lantoaTyped === undefined);
		await page.unroute(scripts);
	};
}

describe('what is typed before the scripts arrive is kept', () => {
	test('the sign-in form keeps the typed name, and signing in works', async () => {
		const page = await (await browser.newContext()).newPage();
		const started = await openWithScriptsHeld(page, '/login');
		await expect(page.evaluate(() => (window as { __lantoaTyped?: unknown }).__lantoaTyped instanceof Map)).resolves.toBe(true);
		await page.fill('#username', 'canbo.habinh');
		await page.fill('#password', DEMO_PASSWORD);
		await started();
		await expect(page.inputValue('#username')).resolves.toBe('canbo.habinh');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app/);
	});

	test('a settings form keeps typed text, a ticked box and an untouched field as the server gave it', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(app.url + '/login');
		await page.fill('#username', 'canbo.habinh');
		await page.fill('#password', DEMO_PASSWORD);
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		const fresh = await context.newPage();
		await fresh.goto(app.url + '/app/account/notifications');
		const hour = await fresh.inputValue('#n-hour');
		const digest = await fresh.isChecked('input[name="digest"]');
		await fresh.close();

		const started = await openWithScriptsHeld(page, '/app/account/notifications');
		await page.fill('#n-phone', '0912 345 678');
		await page.setChecked('input[name="digest"]', !digest);
		await started();
		await expect(page.inputValue('#n-phone')).resolves.toBe('0912 345 678');
		await expect(page.isChecked('input[name="digest"]')).resolves.toBe(!digest);
		await expect(page.inputValue('#n-hour')).resolves.toBe(hour);
	});

	test('pages that ship no scripts carry no capture script either', async () => {
		const html = await (await fetch(app.url + '/portal/16108')).text();
		expect(html).not.toContain('__sveltekit_');
		expect(html).not.toContain('__lantoaTyped');
		const login = await (await fetch(app.url + '/login')).text();
		expect(login).toContain('__lantoaTyped');
	});
});
