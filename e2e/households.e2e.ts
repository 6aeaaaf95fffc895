import { describe, expect, test } from 'vitest';
import { vi } from '../src/lib/i18n/vi';
import { t } from '../src/lib/i18n';
import { DEMO_HOUSEHOLD } from '../src/lib/server/seed/households';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** The demo household's id, found through the API as the Hà Bình officer. */
async function demoHouseholdId(): Promise<string> {
	const cookie = await apiSignIn(app.url, 'canbo.habinh');
	const res = await fetch(`${app.url}/api/v1/households?q=${encodeURIComponent(DEMO_HOUSEHOLD.headName)}&village=${DEMO_HOUSEHOLD.villageCode}`, { headers: { cookie } });
	const body = (await res.json()) as { items: { id: string; headName: string; birthYear: number }[] };
	return body.items.find((h) => h.headName === DEMO_HOUSEHOLD.headName && h.birthYear === DEMO_HOUSEHOLD.birthYear)!.id;
}

describe('household register in the browser', () => {
	test('a commune officer searches without diacritics, opens the household, and its access log shows the visit (no JavaScript needed)', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/households');
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['households.title']);
		await page.fill('#q', 'nguyen van aan');
		await submitAndWait(page, page.locator('form[role="search"] button[type="submit"]'));
		expect(new URL(page.url()).searchParams.get('q')).toBe('nguyen van aan');
		const link = page.locator('main table a', { hasText: DEMO_HOUSEHOLD.headName }).first();
		await expect(link.count()).resolves.toBe(1);
		await submitAndWait(page, link);
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/households\/[0-9a-f-]{36}$/);
		await expect(page.locator('main h1').textContent()).resolves.toBe(DEMO_HOUSEHOLD.headName);
		await expect(page.locator('main').textContent()).resolves.not.toContain('•••••');

		const log = page.locator('section[aria-labelledby="access-log"] tbody tr');
		const rows = await log.allTextContents();
		expect(rows[0]).toContain('canbo.habinh');
		expect(rows[0]).toContain(vi['household.screen.household_page']);
		// The search that listed the household is in the log too.
		expect(rows.some((r) => r.includes(vi['household.screen.household_list']))).toBe(true);
	});

	test('the reach page’s link: poor households of a village not reached this quarter, listed and exported with the same filter; a bad period is refused with its reason', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const query = 'notReached=2026Q4&category=poor&village=16108-02';
		await page.goto(app.url + '/app/households?' + query);
		await expect(page.locator('#notReached').inputValue()).resolves.toBe('2026Q4');
		await expect(page.locator('main table caption').textContent()).resolves.toContain(vi['households.notReached']);
		const shown = (await page.locator('main table tbody tr td:first-child a').allTextContents()).map((n) => n.trim()).sort();
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const api = (await (await fetch(`${app.url}/api/v1/households?${query}&limit=500`, { headers: { cookie } })).json()) as { items: { headName: string }[] };
		const all = (await (await fetch(`${app.url}/api/v1/households?category=poor&village=16108-02&year=2026&limit=500`, { headers: { cookie } })).json()) as { items: { headName: string }[] };
		expect(shown).toEqual(api.items.map((i) => i.headName).sort());
		expect(shown.length).toBeLessThanOrEqual(all.items.length);
		const exportHref = await page.locator('a[download]').first().getAttribute('href');
		expect(new URLSearchParams(exportHref!.split('?')[1]).get('notReached')).toBe('2026Q4');

		const bad = await page.goto(app.url + '/app/households?notReached=2026Q5');
		expect(bad!.status()).toBe(400);
		await expect(page.locator('main').textContent()).resolves.toContain('2026Q5');
	});

	test('a village head sees their village with phone and ID numbers masked, and no access log', async () => {
		const page = await (await browser.newContext()).newPage();
		await signIn(page, app.url, 'truongthon.habinh');
		await page.goto(app.url + '/app/households?village=16108-02');
		const villages = await page.locator('main tbody tr td:nth-child(4)').allTextContents();
		expect(villages.length).toBe(0);
		await page.goto(app.url + '/app/households');
		const listed = await page.locator('main tbody tr td:nth-child(4)').allTextContents();
		expect(listed.length).toBeGreaterThan(10);
		expect(new Set(listed)).toEqual(new Set(['Thôn Đông Sơn']));
		const phones = (await page.locator('main tbody tr td:nth-child(7)').allTextContents()).filter((p) => p.trim());
		expect(phones.length).toBeGreaterThan(0);
		for (const p of phones) expect(p).toMatch(/^0\d•••••\d{3}$/);
		const res = await page.goto(app.url + '/app/households/' + (await demoHouseholdId()));
		expect(res?.status()).toBe(200);
		await expect(page.locator('section[aria-labelledby="access-log"]').count()).resolves.toBe(0);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['households.maskedNote']);
	});

	test('a province officer sees counts by village and category with a chart, never a name', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'tinh.thanhhoa');
		const res = await page.goto(app.url + '/app/households');
		expect(res?.status()).toBe(200);
		const heading = await page.locator('main h2').first().textContent();
		expect(heading).toMatch(new RegExp(t('vi', 'households.countsTitle', { year: 9999 }).replace('9999', '\\d{4}')));
		const villages = await page.locator('main table tbody th[scope="row"]').allTextContents();
		expect(villages).toEqual(expect.arrayContaining(['Thôn Đông Sơn', 'Thôn Tây Sơn']));
		expect(villages).not.toContain('Thôn Ta Ly');
		await expect(page.locator('main figure svg[role="img"] rect').count()).resolves.toBeGreaterThan(0);
		const text = (await page.locator('main').textContent()) ?? '';
		expect(text).not.toContain(DEMO_HOUSEHOLD.headName);
		// Asking for the list, a household page or the API's names changes nothing: counts only.
		await page.goto(app.url + '/app/households?view=list&q=nguyen');
		expect(await page.locator('main').textContent()).not.toContain(DEMO_HOUSEHOLD.headName);
		const refused = await page.goto(app.url + '/app/households/' + (await demoHouseholdId()));
		expect(refused?.status()).toBe(403);
		const cookie = await apiSignIn(app.url, 'tinh.thanhhoa');
		const api = await fetch(app.url + '/api/v1/households', { headers: { cookie } });
		expect(api.status).toBe(403);
		expect(((await api.json()) as { error: { message: string } }).error.message).toBe(vi['households.countsOnly']);
		const counts = await fetch(app.url + '/api/v1/households/counts?year=2026', { headers: { cookie } });
		const items = ((await counts.json()) as { items: { villageCode: string; households: number }[] }).items;
		expect(items.length).toBeGreaterThan(0);
		expect(items.every((i) => i.villageCode.startsWith('16108-'))).toBe(true);
	});

	test('duplicates: the demo pair is listed for review and the officer dismisses it', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/households/duplicates');
		const flags = page.locator('main section.card');
		const before = await flags.count();
		expect(before).toBeGreaterThan(0);
		await expect(flags.first().textContent()).resolves.toContain('Lê Thị Hồng');
		await submitAndWait(page, flags.first().locator('form[action="?/dismiss"] button'));
		await expect(page.locator('[role="status"]').textContent()).resolves.toBe(vi['households.dismissedDone']);
		await expect(page.locator('main section.card').count()).resolves.toBe(before - 1);
	});
});
