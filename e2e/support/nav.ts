import { workspaceNav } from '../../src/lib/nav';
import { rolePermissions, type Role } from '../../src/lib/server/access/roles';
import { t, type Locale } from '../../src/lib/i18n';
import type { Page } from 'playwright-core';

export interface NavEntry {
	href: string;
	label: string;
}

/** The workspace entries a holder of `roles` may use, from the navigation table and the role table. */
export function expectedNav(roles: Role[], locale: Locale = 'vi'): NavEntry[] {
	return workspaceNav
		.filter((item) => item.permission === null || roles.some((r) => (rolePermissions[r] as readonly string[]).includes(item.permission!)))
		.map((item) => ({ href: item.href, label: t(locale, item.label) }));
}

/** The entries the workspace navigation shows on the current page. */
export async function shownNav(page: Page): Promise<NavEntry[]> {
	return page.locator('nav.workspace a').evaluateAll((links) =>
		links.map((a) => ({ href: a.getAttribute('href') ?? '', label: (a.textContent ?? '').trim() }))
	);
}
