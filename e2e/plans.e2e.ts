import { afterAll, describe, expect, test } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

// One signed-in session per account for the whole file: each sign-in is a form round trip, and
// the tests follow one plan from hand to hand.
const sessions = new Map<string, BrowserContext>();
afterAll(async () => {
	await Promise.all([...sessions.values()].map((c) => c.close()));
});

async function signedInPage(username: string): Promise<Page> {
	let context = sessions.get(username);
	if (!context) {
		context = await browser.browser.newContext();
		const page = await context.newPage();
		await signIn(page, app.url, username);
		sessions.set(username, context);
		return page;
	}
	return context.newPage();
}

const planIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[3];

/** Creates a draft from the template for the signed-in officer's commune and returns its id. */
async function createFromTemplate(page: Page, year: number): Promise<string> {
	await page.goto(app.url + '/app/plans');
	const form = page.locator('form[action="?/template"]');
	await form.locator('input[name="from"]').fill(String(year));
	await form.locator('input[name="to"]').fill(String(year));
	await submitAndWait(page, form.locator('button[type="submit"]'));
	expect(new URL(page.url()).pathname).toMatch(/^\/app\/plans\/[0-9a-f-]{36}$/);
	await expect(page.locator('[role="status"]').first().textContent()).resolves.toBe(vi['plansPage.done.created']);
	return planIdOf(page);
}

describe('a plan from the template to its issue, in the browser', () => {
	let planId = '';
	const title = 'Kế hoạch truyền thông giảm nghèo xã Hà Bình năm 2027 (bản kiểm thử)';
	const added = 'Phát tờ rơi về chính sách vay vốn tại các buổi họp thôn.';

	test('the commune officer creates a plan from the template, edits its title and body, and submits it', async () => {
		const page = await signedInPage('canbo.habinh');
		planId = await createFromTemplate(page, 2027);
		await expect(page.locator('.plan-status').first().textContent()).resolves.toBe(vi['plan.status.draft']);

		await submitAndWait(page, page.locator(`a[href="/app/plans/${planId}/edit"]`));
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['plansPage.editTitle']);
		const body = await page.locator('#body').inputValue();
		expect(body).toMatch(/^I\. /);
		await page.locator('#title').fill(title);
		// A paragraph added at the end of the last section, typed as in Word.
		await page.locator('#body').fill(`${body}\n${added}`);
		await submitAndWait(page, page.locator('.plan-editor-save button[type="submit"]'));

		expect(new URL(page.url()).pathname).toBe(`/app/plans/${planId}`);
		await expect(page.locator('[role="status"]').first().textContent()).resolves.toBe(vi['plansPage.done.saved']);
		await expect(page.locator('h1').textContent()).resolves.toBe(title);
		await expect(page.locator('.plan-preview').textContent()).resolves.toContain(added);

		// The edit keeps the rest of the body: opening the editor again shows the same text.
		await page.goto(app.url + `/app/plans/${planId}/edit`);
		await expect(page.locator('#body').inputValue()).resolves.toBe(`${body}\n${added}`);

		await page.goto(app.url + `/app/plans/${planId}`);
		await submitAndWait(page, page.locator('form[action="?/submit"] button'));
		await expect(page.locator('.plan-meta .plan-status').textContent()).resolves.toBe(vi['plan.status.submitted']);
		// A submitted plan is no longer edited.
		await expect(page.locator(`a[href="/app/plans/${planId}/edit"]`).count()).resolves.toBe(0);
	});

	test('the chair approves and issues it: the number is assigned and shown', async () => {
		const page = await signedInPage('chutich.habinh');
		await page.goto(app.url + `/app/plans/${planId}`);
		await submitAndWait(page, page.locator('form[action="?/approve"] button'));
		await expect(page.locator('.plan-meta .plan-status').textContent()).resolves.toBe(vi['plan.status.approved']);
		await submitAndWait(page, page.locator('form[action="?/issue"] button'));
		await expect(page.locator('[role="status"]').first().textContent()).resolves.toBe(vi['plansPage.done.issue']);
		await expect(page.locator('.plan-meta .plan-status').textContent()).resolves.toBe(vi['plan.status.issued']);
		const reference = await page.locator('.plan-reference').textContent();
		expect(reference).toMatch(/^Số: \d+\/KH-UBND$/);
		// The printed page carries the same number.
		await expect(page.locator('.plan-preview').textContent()).resolves.toContain(reference!.slice('Số: '.length));
	});

	test('the Word download answers with the Word content type', async () => {
		const page = await signedInPage('canbo.habinh');
		await page.goto(app.url + `/app/plans/${planId}`);
		const href = await page.locator('.plan-downloads a').first().getAttribute('href');
		expect(href).toBe(`/api/v1/plans/${planId}/document?format=docx`);
		const res = await page.context().request.get(app.url + href);
		expect(res.status()).toBe(200);
		expect(res.headers()['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect((await res.body()).subarray(0, 2).toString()).toBe('PK');
	});

	test('the finance officer finds the task assigned to finance among their tasks', async () => {
		const page = await signedInPage('ketoan.habinh');
		const res = await page.goto(app.url + '/app/tasks?mine=true');
		expect(res?.status()).toBe(200);
		const rows = page.locator('tbody tr', { has: page.locator(`a[href="/app/plans/${planId}"]`) });
		expect(await rows.count()).toBeGreaterThan(0);
		await expect(rows.first().textContent()).resolves.toContain('Tài chính');
		// Its status can be changed from the list.
		await rows.first().locator('select[name="status"]').selectOption('in_progress');
		await submitAndWait(page, rows.first().locator('button[type="submit"]'));
		await expect(page.locator('[role="status"]').first().textContent()).resolves.toBe(vi['tasksPage.saved']);
	});

	test("another commune's officer cannot open a Hà Bình draft", async () => {
		const officer = await signedInPage('canbo.habinh');
		const draftId = await createFromTemplate(officer, 2028);
		const other = await signedInPage('canbo.daquyn');
		expect((await other.goto(app.url + `/app/plans/${draftId}`))?.status()).toBe(403);
		expect((await other.goto(app.url + `/app/plans/${draftId}/edit`))?.status()).toBe(403);
		await expect(other.locator('[role="alert"]').textContent()).resolves.toBe(vi['error.forbidden']);
	});
});

describe('versions and imported plans', () => {
	test('a revision of an issued plan is compared with it side by side', async () => {
		const page = await signedInPage('canbo.habinh');
		// Hà Bình's 2025 plan: issued, revised and issued again in the demo data.
		await page.goto(app.url + '/app/plans?q=2025&unit=16108&status=issued');
		await page.goto(app.url + (await page.locator('tbody tr a').first().getAttribute('href')));
		const compare = await page.locator('a[href*="/compare?with="]').first().getAttribute('href');
		expect((await page.goto(app.url + compare))?.status()).toBe(200);
		expect(new URL(page.url()).pathname).toMatch(/\/compare$/);
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['plansPage.compareTitle']);
		// Changes are named in words, not only shown in colour.
		const changed = page.locator('tr.diff-changed .diff-status');
		expect(await changed.count()).toBeGreaterThan(0);
		await expect(changed.first().textContent()).resolves.toBe(vi['plansPage.diff.changed']);
	});

	test('an uploaded plan file becomes a draft of the unit', async () => {
		const page = await signedInPage('canbo.habinh');
		await page.goto(app.url + '/app/plans');
		const form = page.locator('form[action="?/import"]');
		await form.locator('input[type="file"]').setInputFiles({
			name: 'ke-hoach.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from(
				[
					'UBND XÃ HÀ BÌNH',
					'KẾ HOẠCH',
					'Tuyên truyền giảm nghèo năm 2029',
					'I. MỤC ĐÍCH, YÊU CẦU',
					'1. Mục đích',
					'Nâng cao nhận thức của người dân về giảm nghèo.',
					'II. TỔ CHỨC THỰC HIỆN',
					'Công chức Văn hóa - Xã hội chủ trì thực hiện.'
				].join('\n')
			)
		});
		await submitAndWait(page, form.locator('button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/plans\/[0-9a-f-]{36}$/);
		await expect(page.locator('h1').textContent()).resolves.toBe('Tuyên truyền giảm nghèo năm 2029');
		await expect(page.locator('.plan-meta .plan-status').textContent()).resolves.toBe(vi['plan.status.draft']);
		// What the importer could not find (here the signature) is listed on the plan's page.
		await expect(page.locator('#warnings').count()).resolves.toBe(1);

		// An empty file is refused with the importer's message, and nothing is stored.
		await page.goto(app.url + '/app/plans');
		await form.locator('input[type="file"]').setInputFiles({ name: 'trong.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
		await submitAndWait(page, form.locator('button[type="submit"]'));
		await expect(page.locator('form[action="?/import"] [role="alert"]').textContent()).resolves.toContain(vi['planImport.empty']);
	});
});

describe('the editor and the cascade', () => {
	test('a refused save shows the problem beside its field and keeps everything typed, without JavaScript', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		const id = await createFromTemplate(page, 2030);
		await page.goto(app.url + `/app/plans/${id}/edit`);
		const title = 'Kế hoạch có chỉ tiêu sai';
		await page.locator('#title').fill(title);
		const row = page.locator('select[name="targetIndicator"]').last();
		await row.selectOption({ index: 1 });
		await page.locator('input[name="targetPeriod"]').last().fill('2030');
		await page.locator('input[name="targetValue"]').last().fill('nhiều');
		await page.locator('.plan-editor-save button[type="submit"]').click();
		await page.waitForLoadState('load');
		expect(new URL(page.url()).pathname).toBe(`/app/plans/${id}/edit`);
		await expect(page.locator('.msg.error[role="alert"]').count()).resolves.toBe(1);
		await expect(page.locator('#err-targets').count()).resolves.toBe(1);
		await expect(page.locator('tr.row-error').count()).resolves.toBe(1);
		await expect(page.locator('#title').inputValue()).resolves.toBe(title);
		await expect(page.locator('tr.row-error input[name="targetValue"]').inputValue()).resolves.toBe('nhiều');
	});

	test("the province sees the communes' plans that cascade from its plan", async () => {
		const page = await signedInPage('tinh.thanhhoa');
		// The list holds the plans of the province and of the units under it: take the province's own.
		await page.goto(app.url + '/app/plans?unit=38&status=issued');
		const own = page.locator('tbody tr', { has: page.locator('td:nth-child(2)', { hasText: /^Tỉnh Thanh Hóa$/ }) });
		await page.goto(app.url + (await own.first().locator('a').first().getAttribute('href')));
		await expect(page.locator('#cascades').textContent()).resolves.toBe(vi['plansPage.cascades']);
		await expect(page.locator('section[aria-labelledby="cascades"] tbody').textContent()).resolves.toContain('Xã Hà Bình');
		// And the commune's plan links back to it among its bases.
		await page.goto(app.url + (await page.locator('section[aria-labelledby="cascades"] tbody a').first().getAttribute('href')));
		await expect(page.locator('section[aria-labelledby="bases"] a').count()).resolves.toBeGreaterThan(0);
	});

	test("a commune cascades from its province's plan, which becomes a basis", async () => {
		const page = await signedInPage('canbo.habinh');
		await page.goto(app.url + '/app/plans');
		const form = page.locator('form[action="?/cascade"]');
		const options = await form.locator('select[name="parent"] option').allTextContents();
		expect(options.length).toBeGreaterThan(0);
		// Only plans of the units above: the province's, never another commune's.
		for (const o of options) expect(o).toContain('Tỉnh Thanh Hóa');
		await submitAndWait(page, form.locator('button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/plans\/[0-9a-f-]{36}$/);
		await expect(page.locator('.plan-meta .plan-status').textContent()).resolves.toBe(vi['plan.status.draft']);
		await expect(page.locator('section[aria-labelledby="bases"] a').count()).resolves.toBeGreaterThan(0);
	});
});
