import { afterAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

// One session per account, every page without JavaScript: the review steps are plain forms.
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

const statusOf = (page: Page) => page.locator('.content-meta .content-status').textContent();
const doneOf = (page: Page) => page.locator('[role="status"]').first().textContent();

describe('a bulletin from the officer’s draft to its publication, without JavaScript', () => {
	let id = '';
	const title = 'Khẩn cấp: xả lũ hồ chứa, bà con tránh xa lòng sông (kiểm thử)';

	test('the commune officer writes an emergency bulletin and submits it for review', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + '/app/content');
		await submitAndWait(page, page.locator('a[href="/app/content/new"]'));
		await page.selectOption('#c-unit', '16108');
		await page.selectOption('#c-kind', 'bulletin');
		await page.selectOption('#c-priority', 'emergency');
		await page.fill('#c-title', title);
		await page.fill('#c-body', 'Hồ chứa xả lũ từ 14 giờ hôm nay.\n\nKhông đánh bắt cá, không cho trâu bò xuống bãi sông.');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));

		expect(new URL(page.url()).pathname).toMatch(/^\/app\/content\/[0-9a-f-]{36}$/);
		id = new URL(page.url()).pathname.split('/')[3];
		await expect(doneOf(page)).resolves.toBe(vi['content.done.created']);
		await expect(page.locator('h1').textContent()).resolves.toBe(title);
		await expect(statusOf(page)).resolves.toBe(vi['content.status.draft']);
		await expect(page.locator('.content-meta').textContent()).resolves.toContain(vi['content.priority.emergency']);

		await submitAndWait(page, page.locator('form[action="?/submit"] button'));
		await expect(doneOf(page)).resolves.toBe(vi['content.done.submit']);
		await expect(statusOf(page)).resolves.toBe(vi['content.status.in_review']);
		// The author cannot approve; nobody can publish before approval.
		await expect(page.locator('form[action="?/approve"]').count()).resolves.toBe(0);
		await expect(page.locator('form[action="?/publish"]').count()).resolves.toBe(0);
	});

	test('the chair finds it among the items waiting for approval and approves it; the approver is shown', async () => {
		const page = await pageOf('chutich.habinh');
		await page.goto(app.url + '/app/content?awaitingMe=1');
		await submitAndWait(page, page.locator(`a[href="/app/content/${id}"]`));
		await submitAndWait(page, page.locator('form[action="?/approve"] button'));
		await expect(doneOf(page)).resolves.toBe(vi['content.done.approve']);
		await expect(statusOf(page)).resolves.toBe(vi['content.status.approved']);
		await expect(page.locator('.content-people').textContent()).resolves.toContain('Phạm Quốc Hưng');
		// The chair approves but does not publish.
		await expect(page.locator('form[action="?/publish"]').count()).resolves.toBe(0);
	});

	test('the officer publishes it; who published is recorded', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + `/app/content/${id}`);
		await submitAndWait(page, page.locator('form[action="?/publish"] button'));
		await expect(doneOf(page)).resolves.toBe(vi['content.done.publish']);
		await expect(statusOf(page)).resolves.toBe(vi['content.status.published']);
		await expect(page.locator('.content-people').textContent()).resolves.toContain('Trần Văn Bình');
	});

	test('another commune’s officer gets 404 on its page, its API record and its workflow, and does not see it listed', async () => {
		const page = await pageOf('canbo.daquyn');
		const res = await page.goto(app.url + `/app/content/${id}`);
		expect(res?.status()).toBe(404);
		await page.goto(app.url + '/app/content?limit=200');
		await expect(page.locator(`a[href="/app/content/${id}"]`).count()).resolves.toBe(0);

		const cookie = await apiSignIn(app.url, 'canbo.daquyn');
		const api = await fetch(app.url + `/api/v1/content/${id}`, { headers: { cookie } });
		expect(api.status).toBe(404);
		const patch = await fetch(app.url + `/api/v1/content/${id}`, {
			method: 'PATCH',
			headers: { cookie, 'content-type': 'application/json', origin: app.url },
			body: JSON.stringify({ title: 'x' })
		});
		expect(patch.status).toBe(404);
		// Posting the page's form from outside its scope changes nothing either.
		const form = await fetch(app.url + `/app/content/${id}?/return`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' },
			body: 'comment=x'
		});
		expect(form.status).toBe(404);
		const own = await fetch(app.url + `/api/v1/content/${id}`, { headers: { cookie: await apiSignIn(app.url, 'canbo.habinh') } });
		expect(await own.json()).toMatchObject({ status: 'published', title });
	});

	test('the demo leaflet shows its PDF, print runs and copies per village; the PDF downloads', async () => {
		const page = await pageOf('canbo.habinh');
		await page.goto(app.url + '/app/content?kind=leaflet&unit=16108');
		await submitAndWait(page, page.locator('main table a').first());
		const pdf = await page.locator('a[href$="/pdf"]').getAttribute('href');
		expect(pdf).toMatch(/^\/api\/v1\/content\/[0-9a-f-]{36}\/pdf$/);
		await expect(page.locator('#printing').textContent()).resolves.toContain(vi['content.byVillage']);
		await expect(page.locator('#printing table').count()).resolves.toBe(3);
		const res = await fetch(app.url + pdf!, { headers: { cookie: await apiSignIn(app.url, 'canbo.habinh') } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	test('bad input to the forms comes back with the reason in Vietnamese, and nothing is stored', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const post = (path: string, body: Record<string, string>) =>
			fetch(app.url + path, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' },
				body: new URLSearchParams(body).toString()
			});
		const noTitle = await post('/app/content/new', { unit: '16108', kind: 'article', title: '  ', body: 'x' });
		expect(noTitle.status).toBe(400);
		expect(await noTitle.text()).toContain(vi['content.required']);
		const priority = await post('/app/content/new', { unit: '16108', kind: 'article', priority: 'emergency', title: 'Tin thử ưu tiên', body: 'x' });
		expect(priority.status).toBe(400);
		const otherUnit = await post('/app/content/new', { unit: '24997', kind: 'article', title: 'Tin thử xã khác', body: 'x' });
		expect(otherUnit.status).toBe(403);

		const leaflets = await (await fetch(app.url + '/api/v1/content?kind=leaflet&unit=16108&status=published', { headers: { cookie } })).json();
		const leaflet = leaflets.items[0].id as string;
		const zero = await post(`/app/content/${leaflet}?/print`, { printedOn: '2026-01-02', quantity: '0' });
		expect(zero.status).toBe(400);
		expect(await zero.text()).toContain(vi['content.quantityPositive']);
		const tooMany = await post(`/app/content/${leaflet}?/distribute`, { village: '16108-02', quantity: '100000', distributedOn: '2026-01-02' });
		expect(tooMany.status).toBe(400);
		expect(await tooMany.text()).toContain('Không thể phát 100000 tờ');
		const outside = await post(`/app/content/${leaflet}?/distribute`, { village: '24997-01', quantity: '1', distributedOn: '2026-01-02' });
		expect(outside.status).toBe(400);
		const after = await (await fetch(app.url + `/api/v1/content/${leaflet}`, { headers: { cookie } })).json();
		expect(after.printing.distributions.some((d: { village: string }) => d.village === '24997-01' || d.village === '16108-02')).toBe(false);
		const titles = (await (await fetch(app.url + '/api/v1/content?limit=200', { headers: { cookie } })).json()).items.map((i: { title: string }) => i.title);
		expect(titles).not.toContain('Tin thử ưu tiên');
	});
});

describe('making a leaflet PDF in the browser', () => {
	test('with JavaScript the button says the PDF is being made, then the page offers it for download', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.habinh');
		const created = await fetch(app.url + '/api/v1/content', {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json', origin: app.url },
			body: JSON.stringify({ unit: '16108', kind: 'leaflet', title: 'Tờ rơi thử: lịch khám sức khỏe miễn phí', body: 'Sáng thứ Bảy tại trạm y tế xã.' })
		});
		expect(created.status).toBe(201);
		const { id } = await created.json();
		const context = await browser.browser.newContext();
		try {
			const page = await context.newPage();
			await signIn(page, app.url, 'canbo.habinh');
			await page.goto(app.url + `/app/content/${id}`);
			await page.waitForLoadState('networkidle');
			await page.selectOption('#pdf-size', 'A5');
			const button = page.locator('form[action="?/generate"] button[type="submit"]');
			await button.click();
			// While LibreOffice works the button is disabled and the state is announced.
			await page.waitForFunction((text) => document.querySelector('#pdf-state')?.textContent === text, vi['content.pdfGenerating'], { timeout: 5_000 });
			await page.waitForFunction(() => !!document.querySelector('a[href$="/pdf"]'), undefined, { timeout: 60_000 });
			await expect(page.locator('[role="status"]').first().textContent()).resolves.toBe(vi['content.done.pdf']);
			const pdf = await fetch(app.url + `/api/v1/content/${id}/pdf`, { headers: { cookie } });
			expect(pdf.status).toBe(200);
			expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		} finally {
			await context.close();
		}
	});
});
