import { describe, expect, test } from 'vitest';
import { t } from '../src/lib/i18n';
import { vi } from '../src/lib/i18n/vi';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../src/lib/server/auth/auth.service';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitLogin, DEMO_PASSWORD } from './support/auth';

// Its own file, hence its own server: the locked account must not disturb other tests.
const app = useAppServer();
const browser = useBrowser();

describe('lockout after repeated wrong passwords', () => {
	test(`${MAX_FAILED_LOGINS} wrong passwords lock the account; even the right one is then refused`, async () => {
		const page = await (await browser.newContext()).newPage();
		const locked = t('vi', 'login.locked', { minutes: LOCKOUT_MINUTES });

		for (let attempt = 1; attempt <= MAX_FAILED_LOGINS; attempt++) {
			await submitLogin(page, app.url, 'ketoan.habinh', `sai-mat-khau-${attempt}`);
			expect(new URL(page.url()).pathname).toBe('/login');
			const message = await page.locator('#login-error').textContent();
			expect(message, `attempt ${attempt}`).toBe(attempt < MAX_FAILED_LOGINS ? vi['login.failed'] : locked);
		}

		await submitLogin(page, app.url, 'ketoan.habinh', DEMO_PASSWORD);
		expect(new URL(page.url()).pathname).toBe('/login');
		await expect(page.locator('#login-error').textContent()).resolves.toBe(locked);
		await expect(page.locator('nav.workspace').count()).resolves.toBe(0);

		// The API refuses the same way, with 423.
		const res = await fetch(app.url + '/api/v1/session', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'ketoan.habinh', password: DEMO_PASSWORD })
		});
		expect(res.status).toBe(423);
		await expect(res.json()).resolves.toMatchObject({ error: { code: 'LOCKED', message: locked } });

		// The lock is the account's: another account from the same browser still signs in…
		await signIn(page, app.url, 'chutich.habinh');
		expect(new URL(page.url()).pathname).toBe('/app');

		// …and the administrator sees the lock on the account.
		const admin = await apiSignIn(app.url, 'admin');
		const users = (await (await fetch(app.url + '/api/v1/users', { headers: { cookie: admin } })).json()) as {
			items: { username: string; lockedUntil: string | null }[];
		};
		const until = users.items.find((u) => u.username === 'ketoan.habinh')?.lockedUntil;
		expect(until).not.toBeNull();
		const minutesLeft = (Date.parse(until!) - Date.now()) / 60_000;
		expect(minutesLeft).toBeGreaterThan(LOCKOUT_MINUTES - 2);
		expect(minutesLeft).toBeLessThanOrEqual(LOCKOUT_MINUTES);
		expect(users.items.find((u) => u.username === 'chutich.habinh')?.lockedUntil).toBeNull();
	});
});
