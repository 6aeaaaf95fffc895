import { afterAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { vi } from '../src/lib/i18n/vi';
import { bandedPng } from '../src/lib/server/modules/activities/activities.images';
import { useBrowser } from './support/browser';
import { useAppServer } from './support/server';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

// One session per account, every page without JavaScript: each step is a plain form.
const sessions = new Map<string, BrowserContext>();
afterAll(async () => {
	await Promise.all([...sessions.values()].map((c) => c.close()));
});

async function pageOf(username: string): Promise<Page> {
	let context = sessions.get(username);
	if (!context) {
		context = await browser.browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, username);
		sessions.set(username, context);
		return page;
	}
	return context.newPage();
}

async function publicPage(): Promise<Page> {
	const context = await browser.browser.newContext({ javaScriptEnabled: false });
	sessions.set(`anon-${sessions.size}`, context);
	return context.newPage();
}

const SCRIPT = '<script>window.__storyHacked = 1</script>';
const statusOf = (page: Page) => page.locator('main .badge[class*="story-"]').first().textContent();

describe('a household story from the officer’s draft to the portal and off it again, without JavaScript', () => {
	let id = '';
	let photoUrl = '';
	const title = 'Từ hai sào lúa đến vườn rau sạch (kiểm thử)';

	test('the officer writes a household story, adds a photo with its description and the household head’s consent, and submits it', async () => {
		// The household of the demo's published household story: poor in 2025, out of poverty in 2026.
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const list = await (await fetch(`${app.url}/api/v1/stories?status=published&unit=16108`, { headers: { cookie } })).json();
		const demo = await (await fetch(`${app.url}/api/v1/stories/${list.items.find((s: { subjectKind: string }) => s.subjectKind === 'household').id}`, { headers: { cookie } })).json();
		expect(demo.household.id).toMatch(/^[0-9a-f-]{36}$/);

		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + '/app/stories');
		await submitAndWait(page, page.locator('a[href="/app/stories/new"]'));
		await page.selectOption('#s-unit', '16108');
		await page.selectOption('#s-kind', 'household');
		await page.fill('#s-subject', `Gia đình ông ${demo.household.headName}`);
		await page.selectOption('#s-household', demo.household.id);
		await page.fill('#s-before', '2025');
		await page.fill('#s-after', '2026');
		await page.fill('#s-title', title);
		await page.fill('#s-summary', 'Chuyển ruộng trũng sang trồng rau theo hướng dẫn của tổ khuyến nông.');
		await page.fill('#s-did', `Ông làm nhà lưới nhỏ ${SCRIPT} và bán rau cho bếp ăn trường học.`);
		await page.fill('#s-results', 'Thu nhập mỗi tháng ổn định; gia đình ra khỏi diện hộ nghèo.');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/stories\/[0-9a-f-]{36}$/);
		id = new URL(page.url()).pathname.split('/')[3];
		await expect(page.locator('h1').textContent()).resolves.toBe(title);
		await expect(statusOf(page)).resolves.toBe(vi['stories.status.draft']);

		// Submitting without consent is refused, with the reason.
		await submitAndWait(page, page.locator('form[action="?/submit"] button'));
		await expect(page.locator('[role="alert"]').first().textContent()).resolves.toContain(vi['stories.consentMissing']);

		// A file that is not an image is refused and nothing is added.
		await page.setInputFiles('#photo-file', { name: 'anh.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"></svg> not an image at all') });
		await page.fill('#photo-alt', 'Không phải ảnh');
		await submitAndWait(page, page.locator('form[action="?/photo"] button'));
		await expect(page.locator('#photos [role="alert"]').textContent()).resolves.toMatch(/jpeg/i);
		await expect(page.locator('#photos img').count()).resolves.toBe(0);

		await page.setInputFiles('#photo-file', { name: 'vuon-rau.png', mimeType: 'image/png', buffer: Buffer.from(bandedPng(40, 30, [[60, 150, 60], [230, 230, 200]])) });
		await page.fill('#photo-alt', 'Ông chủ hộ đứng giữa các luống rau cải trong nhà lưới.');
		await submitAndWait(page, page.locator('form[action="?/photo"] button'));
		await expect(page.locator('#photos img').getAttribute('alt')).resolves.toBe('Ông chủ hộ đứng giữa các luống rau cải trong nhà lưới.');

		await page.fill('#consent-person', demo.household.headName);
		await page.selectOption('#consent-method', 'thumbprint');
		await submitAndWait(page, page.locator('form[action="?/consent"] button'));
		await expect(page.locator('#consents tbody tr').count()).resolves.toBe(1);

		await submitAndWait(page, page.locator('form[action="?/submit"] button'));
		await expect(statusOf(page)).resolves.toBe(vi['stories.status.in_review']);
		await expect(page.locator('form[action="?/approve"]').count()).resolves.toBe(0);
	});

	test('another commune’s officer and a village head of Hà Bình cannot open the story in review', async () => {
		for (const who of ['canbo.daquyn', 'truongthon.habinh']) {
			const cookie = await apiSignIn(app.url, who);
			expect((await fetch(`${app.url}/app/stories/${id}`, { headers: { cookie } })).status, who).toBe(404);
			expect((await fetch(`${app.url}/api/v1/stories/${id}`, { headers: { cookie } })).status, who).toBe(404);
		}
		const finance = await apiSignIn(app.url, 'ketoan.habinh');
		expect((await fetch(`${app.url}/app/stories`, { headers: { cookie: finance } })).status).toBe(403);
	});

	test('the chair approves and publishes it', async () => {
		const page = await pageOf('chutich.habinh');
		await page.goto(app.url + `/app/stories/${id}`);
		await submitAndWait(page, page.locator('form[action="?/approve"] button'));
		await expect(statusOf(page)).resolves.toBe(vi['stories.status.approved']);
		await submitAndWait(page, page.locator('form[action="?/publish"] button'));
		await expect(statusOf(page)).resolves.toBe(vi['stories.status.published']);
	});

	test('the portal shows it without JavaScript: categories before and after, the photo with its description, the script as text', async () => {
		const page = await publicPage();
		await page.goto(app.url + '/portal/38/stories');
		await submitAndWait(page, page.locator(`main a[href="/portal/38/stories/${id}"]`).first());
		await expect(page.locator('main h1').textContent()).resolves.toBe(title);
		const table = (await page.locator('table.story-before-after').textContent()) ?? '';
		expect(table).toContain('2025');
		expect(table).toContain(vi['household.category.poor']);
		expect(table).toMatch(new RegExp(`${vi['household.category.escaped']}|${vi['household.category.none']}`));
		await expect(page.locator('main').textContent()).resolves.toContain(SCRIPT);
		await expect(page.evaluate(() => (window as unknown as { __storyHacked?: number }).__storyHacked)).resolves.toBeUndefined();
		const img = page.locator('main figure img');
		await expect(img.getAttribute('alt')).resolves.toBe('Ông chủ hộ đứng giữa các luống rau cải trong nhà lưới.');
		photoUrl = app.url + (await img.getAttribute('src'));
		const photo = await fetch(photoUrl);
		expect(photo.status).toBe(200);
		expect(photo.headers.get('content-type')).toBe('image/png');
		expect(photo.headers.get('cache-control')).toBe('public, max-age=600');
		const html = await (await fetch(`${app.url}/portal/16108/stories/${id}`)).text();
		expect(html).not.toContain(SCRIPT);
		expect(html).toContain('&lt;script>window.__storyHacked = 1&lt;/script>');
		expect(html).not.toMatch(/<script[\s>]/);
	});

	test('the household head withdraws consent: the portal answers 410 for the story and 404 for its photo', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + `/app/stories/${id}`);
		await submitAndWait(page, page.locator('form[action="?/withdrawConsent"] button'));
		await expect(statusOf(page)).resolves.toBe(vi['stories.status.withdrawn']);
		const gone = await fetch(`${app.url}/portal/16108/stories/${id}`);
		expect(gone.status).toBe(410);
		expect(await gone.text()).toContain(vi['stories.portal.gone']);
		expect((await fetch(photoUrl)).status).toBe(404);
		const listed = await (await fetch(`${app.url}/api/v1/public/stories?unit=16108`)).json();
		expect(listed.items.map((s: { id: string }) => s.id)).not.toContain(id);
	});
});

describe('nominations and bad input on the public entry points', () => {
	test('the chair lists the nominations and downloads them as Excel; the officer may not', async () => {
		const chair = await apiSignIn(app.url, 'chutich.habinh');
		const page = await (await fetch(`${app.url}/app/stories/nominations`, { headers: { cookie: chair } })).text();
		expect(page).toContain(vi['stories.nominations.title']);
		const sheet = await fetch(`${app.url}/app/stories/nominations/export`, { headers: { cookie: chair } });
		expect(sheet.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.from(await sheet.arrayBuffer()) as never);
		expect(book.worksheets[0].rowCount).toBeGreaterThanOrEqual(2);
		expect(book.worksheets[0].getRow(1).getCell(6).value).toBe(vi['stories.col.reason']);
		const officer = await apiSignIn(app.url, 'canbo.habinh');
		expect((await fetch(`${app.url}/app/stories/nominations`, { headers: { cookie: officer } })).status).toBe(403);
		expect((await fetch(`${app.url}/app/stories/nominations/export`, { headers: { cookie: officer } })).status).toBe(403);
	});

	test('odd addresses and queries get 400/404, never 5xx, also in a flood', async () => {
		const nobody = '00000000-0000-4000-8000-000000000000';
		const cases: [string, number][] = [
			['/portal/16108/stories?page=abc', 400],
			['/portal/16108/stories?page=' + '9'.repeat(40), 400],
			["/portal/16108/stories?page=1'%20OR%201=1", 400],
			['/portal/16108/stories/not-a-uuid', 404],
			[`/portal/16108/stories/${nobody}`, 404],
			[`/portal/16108/stories/${nobody}/photos/${nobody}`, 404],
			['/portal/16108/stories/x/photos/%3Cscript%3E', 404],
			['/portal/%3Cscript%3E/stories', 404],
			['/api/v1/public/stories?unit=%3Cscript%3E', 400],
			['/api/v1/public/stories?unit=' + 'A'.repeat(3000), 400]
		];
		for (const [path, status] of cases) expect((await fetch(app.url + path)).status, path).toBe(status);
		const flood = await Promise.all(Array.from({ length: 120 }, (_, i) => fetch(app.url + (i % 2 ? '/portal/16108/stories' : '/api/v1/public/stories?unit=24997')).then((r) => r.status)));
		expect(flood.filter((s) => s >= 500)).toEqual([]);
	});
});
