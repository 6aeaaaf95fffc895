import type { ConsoleMessage, Frame, Locator, Page, Request } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/lib/server/seed/demo';

export { DEMO_PASSWORD };

/**
 * Clicks a control that submits a form and waits until the page it leads to has loaded. Works with
 * and without JavaScript (the forms are plain HTML forms).
 */
export async function submitAndWait(page: Page, control: Locator): Promise<void> {
	// Let the page finish loading and hydrating first: SvelteKit's start-up replaces the history
	// entry, and a navigation wait begun before that resolves on it instead of on the submit.
	await page.waitForLoadState('networkidle');
	// What the browser asked for meanwhile, told when the wait fails (a stall is then the server's or the browser's).
	const t0 = Date.now();
	const seen = new Map<Request, string>();
	const started = (r: Request) => seen.set(r, `${r.method()} ${new URL(r.url()).pathname} from +${Date.now() - t0} ms`);
	const ended = (r: Request) => seen.set(r, `${seen.get(r)} to +${Date.now() - t0} ms ${r.failure()?.errorText ?? ''}`.trim());
	const events: string[] = [];
	const navigated = (f: Frame) => events.push(`nav ${f.url()} +${Date.now() - t0}`);
	const consoled = (m: ConsoleMessage) => events.push(`console ${m.type()} ${m.text()} +${Date.now() - t0}`);
	page.on('framenavigated', navigated);
	page.on('console', consoled);
	page.on('request', started);
	page.on('requestfinished', ended);
	page.on('requestfailed', ended);
	try {
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), control.click()]);
	} catch (err) {
		const state = await page.evaluate(() => `${document.readyState} ${document.activeElement?.outerHTML.slice(0, 80)}`).catch((e) => String(e));
		const detail = `at ${page.url()}; requests: ${[...seen.values()].join('; ') || 'none'}; events: ${events.join('; ')}; state ${state}`;
		console.error(`submitAndWait: ${(err as Error).message.split('\n')[0]} ${detail}`); // shown even when a retry passes
		throw new Error(`${(err as Error).message}\n${detail}`, { cause: err });
	} finally {
		page.off('request', started);
		page.off('requestfinished', ended);
		page.off('requestfailed', ended);
		page.off('framenavigated', navigated);
		page.off('console', consoled);
	}
}

/** Fills the /login form and submits it; the caller checks where the browser landed. */
export async function submitLogin(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
	if (new URL(page.url(), baseUrl).pathname !== '/login') await page.goto(baseUrl + '/login');
	await page.fill('#username', username);
	await page.fill('#password', password);
	await submitAndWait(page, page.locator('main form button[type="submit"]'));
}

/** Signs in through the /login form and expects to land in the workspace. */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
	await submitLogin(page, baseUrl, username, password);
	const path = new URL(page.url()).pathname;
	if (!path.startsWith('/app')) {
		const alert = await page.locator('[role="alert"]').allTextContents();
		throw new Error(`sign-in as ${username} landed on ${page.url()}: ${alert.join(' ') || 'no message'}`);
	}
}

/** Signs out with the header's button. */
export async function signOut(page: Page): Promise<void> {
	await submitAndWait(page, page.locator('header.top form[action="/logout"] button'));
}

/** Signs in through the API and returns the `Cookie` header value carrying the session. */
export async function apiSignIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
	const res = await fetch(baseUrl + '/api/v1/session', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (res.status !== 200) throw new Error(`API sign-in as ${username}: ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('lantoa_session='));
	if (!cookie) throw new Error(`API sign-in as ${username} set no session cookie`);
	return cookie;
}
