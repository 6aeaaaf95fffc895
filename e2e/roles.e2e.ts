import { describe, expect, test } from 'vitest';
import { demoAccounts } from '../src/lib/server/seed/demo';
import { workspaceNav } from '../src/lib/nav';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, signOut } from './support/auth';
import { expectedNav, shownNav } from './support/nav';

const app = useAppServer();
const browser = useBrowser();

describe('sign-in, workspace navigation and sign-out for every demo role', () => {
	test.each(demoAccounts.map((a) => [a.username, a] as const))('%s', async (_name, account) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(app.url + '/login');
		await signIn(page, app.url, account.username);

		expect(new URL(page.url()).pathname).toBe('/app');
		await expect(page.locator('header.top').textContent()).resolves.toContain(account.displayName);

		// Exactly the entries the role's permissions allow, in the table's order.
		const shown = await shownNav(page);
		expect(shown).toEqual(expectedNav([account.role]));
		if (account.role === 'admin') expect(shown.map((e) => e.href)).toEqual(workspaceNav.map((i) => i.href));
		else {
			expect(shown.map((e) => e.href)).not.toContain('/app/users');
			expect(shown.map((e) => e.label)).not.toContain(vi['nav.users']);
		}

		// Every entry shown opens for this role; every entry hidden is refused when typed in.
		for (const entry of shown) {
			const res = await page.goto(app.url + entry.href);
			expect(res?.status(), entry.href).toBe(200);
			await expect(page.locator('[role="alert"]').count(), entry.href).resolves.toBe(0);
		}
		for (const item of workspaceNav.filter((i) => !shown.some((e) => e.href === i.href))) {
			const res = await page.goto(app.url + item.href);
			expect(res?.status(), item.href).toBe(403);
			await expect(page.locator('[role="alert"]').textContent(), item.href).resolves.toBe(vi['error.forbidden']);
		}

		await signOut(page);
		const out = new URL(page.url());
		expect(out.pathname).toBe('/login');
		await expect(page.locator('[role="status"]').textContent()).resolves.toContain(vi['login.signedOut']);
		await expect(page.locator('nav.workspace').count()).resolves.toBe(0);

		// The session is gone: the workspace sends the browser back to the sign-in page.
		const res = await page.goto(app.url + '/app');
		expect(res?.status()).toBe(200);
		const back = new URL(page.url());
		expect(back.pathname).toBe('/login');
		expect(back.searchParams.get('next')).toBe('/app');
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['login.title']);
	});
});
