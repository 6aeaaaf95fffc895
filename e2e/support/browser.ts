import { afterAll, afterEach, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

/**
 * Flags Debian's Chromium needs here: headless without a sandbox, and no background networking,
 * which would otherwise flood the closed network with refused calls. playwright-core supplies a
 * fresh user-data-dir for every launch.
 */
export const chromiumArgs = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** Launches Debian's Chromium (never a downloaded one: `npx playwright install` cannot work here). */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
}

export interface BrowserHandle {
	readonly browser: Browser;
	/** A new isolated context (own cookies), closed after the current test. */
	newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** One browser for the test file (launched in beforeAll, closed in afterAll); one context per test. */
export function useBrowser(): BrowserHandle {
	let browser: Browser | undefined;
	const open: BrowserContext[] = [];
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterEach(async () => {
		await Promise.all(open.splice(0).map((c) => c.close()));
	});
	afterAll(async () => {
		await browser?.close();
	});
	return {
		get browser() {
			if (!browser) throw new Error('the browser starts in beforeAll');
			return browser;
		},
		async newContext(options = {}) {
			if (!browser) throw new Error('the browser starts in beforeAll');
			const context = await browser.newContext({ locale: 'vi-VN', ...options });
			open.push(context);
			return context;
		}
	};
}
