import { describe, expect, test } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** A small PDF receipt (recognised by its content). */
const pdf = Buffer.from('%PDF-1.4\n% hoa don\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('budget in the browser', () => {
	test('allocation with its decision → spending with a receipt → approval → overspend refused → settlement XLSX and DOCX downloaded and opened', async () => {
		// 2025: a year of its own, with an activity of the commune to spend on.
		const officerCookie = await apiSignIn(app.url, 'canbo.habinh');
		const activityId = randomUUID();
		const title = `Hội nghị tổng kết truyền thông ${Date.now()}`;
		const put = await fetch(`${app.url}/api/v1/activities/${activityId}`, {
			method: 'PUT',
			headers: { cookie: officerCookie, 'content-type': 'application/json' },
			body: JSON.stringify({ unit: '16108', channel: 'conference', title, date: '2025-12-10', status: 'done', counts: { poor: 4, other: 20 } })
		});
		expect(put.status).toBe(201);

		const officer = await (await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true })).newPage();
		await signIn(officer, app.url, 'canbo.habinh');
		await officer.goto(`${app.url}/app/budget/allocations?unit=16108&year=2025`);
		await expect(officer.locator('main h1').textContent()).resolves.toBe(vi['budget.page.allocations']);
		await officer.selectOption('#a-unit', '16108');
		await officer.fill('#a-year', '2025');
		await officer.selectOption('#a-source', 'local_budget');
		await officer.fill('#a-amount', '2.000.000');
		await officer.fill('#a-number', '214/QĐ-UBND');
		await officer.fill('#a-date', '2025-03-18');
		await officer.fill('#a-issuer', 'UBND xã Hà Bình');
		await submitAndWait(officer, officer.locator('form[action="?/create"] button[type="submit"]'));
		await expect(officer.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['budget.done.allocation']);
		await expect(officer.locator('main table').first().textContent()).resolves.toContain('214/QĐ-UBND ngày 18/03/2025 của UBND xã Hà Bình');

		// Spending on the activity, reached from the activity's page, with a receipt.
		await officer.goto(`${app.url}/app/activities/${activityId}`);
		await submitAndWait(officer, officer.locator(`a[href="/app/budget/spending?activity=${activityId}"]`));
		await expect(officer.locator('#s-activity').inputValue()).resolves.toBe(activityId);
		await officer.selectOption('#s-source', 'local_budget');
		await officer.fill('#s-amount', '1 500 000');
		await officer.fill('#s-date', '2025-12-12');
		await officer.fill('#s-payee', 'Cơ sở in Hưng Thịnh');
		await officer.fill('#s-description', 'In tài liệu hội nghị tổng kết');
		await officer.setInputFiles('#s-receipts', { name: 'hoa-don.pdf', mimeType: 'application/pdf', buffer: pdf });
		await submitAndWait(officer, officer.locator('form[action="?/create"] button[type="submit"]'));
		expect(new URL(officer.url()).pathname).toMatch(/^\/app\/budget\/spending\/[0-9a-f-]{36}$/);
		const lineUrl = officer.url().split('?')[0];
		await expect(officer.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['budget.done.spending']);
		await expect(officer.locator('main').textContent()).resolves.toContain('hoa-don.pdf');
		// The officer does not approve.
		await expect(officer.locator('form[action="?/approve"]').count()).resolves.toBe(0);

		// A text file is not a receipt.
		await officer.goto(`${app.url}/app/budget/spending?activity=${activityId}`);
		await officer.selectOption('#s-source', 'local_budget');
		await officer.fill('#s-amount', '100.000');
		await officer.fill('#s-date', '2025-12-12');
		await officer.fill('#s-payee', 'Không có chứng từ hợp lệ');
		await officer.setInputFiles('#s-receipts', { name: 'bien-nhan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là chữ viết tay') });
		await submitAndWait(officer, officer.locator('form[action="?/create"] button[type="submit"]'));
		await expect(officer.locator('main [role="alert"]').textContent()).resolves.toContain('pdf, docx, xlsx');

		// The finance officer approves.
		const finance = await (await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true })).newPage();
		await signIn(finance, app.url, 'ketoan.habinh');
		await finance.goto(lineUrl);
		await submitAndWait(finance, finance.locator('form[action="?/approve"] button'));
		await expect(finance.locator('main [role="status"]').first().textContent()).resolves.toBe(vi['budget.done.approved']);
		await expect(finance.locator('main dl').textContent()).resolves.toContain(vi['budget.status.approved']);

		// Overspend: 1.500.000 of 2.000.000 is spent; 800.000 more is refused with the warning.
		await officer.goto(`${app.url}/app/budget/spending?activity=${activityId}`);
		await officer.selectOption('#s-source', 'local_budget');
		await officer.fill('#s-amount', '800.000');
		await officer.fill('#s-date', '2025-12-15');
		await officer.fill('#s-payee', 'Nhà hàng Bình An');
		await submitAndWait(officer, officer.locator('form[action="?/create"] button[type="submit"]'));
		const warning = (await officer.locator('main [role="alert"]').textContent())!;
		expect(warning).toContain('Vượt dự toán');
		expect(warning).toContain('300.000');
		await expect(officer.inputValue('#s-payee')).resolves.toBe('Nhà hàng Bình An');
		const lines = await (await fetch(`${app.url}/api/v1/budget/spending?unit=16108&year=2025`, { headers: { cookie: officerCookie } })).json();
		expect(lines.items.map((l: { amount: number }) => l.amount)).toEqual([1_500_000]);

		// The overview shows what is left, as a table and a chart.
		await finance.goto(`${app.url}/app/budget?unit=16108&year=2025`);
		await expect(finance.locator('main table tfoot').textContent()).resolves.toContain('500.000');
		await expect(finance.locator('main figure svg').count()).resolves.toBe(1);

		// Settlement: both downloads open, and the workbook's total is the approved line.
		await finance.goto(`${app.url}/app/budget/settlement?unit=16108&year=2025`);
		const [xlsxDownload] = await Promise.all([finance.waitForEvent('download'), finance.locator(`a[href*="format=xlsx"]`).click()]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load((await streamToBuffer(await xlsxDownload.createReadStream())) as unknown as ArrayBuffer);
		const detail = wb.worksheets[1];
		const amounts: number[] = [];
		detail.eachRow((row) => {
			if (typeof row.getCell(1).value === 'number') amounts.push(row.getCell(9).value as number);
		});
		expect(amounts).toEqual([1_500_000]);
		expect(detail.getRow(detail.rowCount).getCell(9).value).toBe(1_500_000);
		const [docxDownload] = await Promise.all([finance.waitForEvent('download'), finance.locator(`a[href*="format=docx"]`).click()]);
		const zip = await JSZip.loadAsync(await streamToBuffer(await docxDownload.createReadStream()));
		const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
		expect(text).toContain('truyền thông giảm nghèo năm 2025');
		expect(text).toContain('214/QĐ-UBND');
		expect(text).toContain('1.500.000');
	});

	test('a village head sees no money: the budget pages answer 403, another commune’s officer cannot open Hà Bình’s line', async () => {
		const head = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(head, app.url, 'truongthon.habinh');
		for (const path of ['/app/budget', '/app/budget/allocations', '/app/budget/spending', '/app/budget/review', '/app/budget/settlement'])
			expect((await head.goto(app.url + path))?.status(), path).toBe(403);
		const habinh = await apiSignIn(app.url, 'ketoan.habinh');
		const lines = await (await fetch(`${app.url}/api/v1/budget/spending?unit=16108`, { headers: { cookie: habinh } })).json();
		expect(lines.items.length).toBeGreaterThan(0);
		const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(other, app.url, 'canbo.daquyn');
		expect((await other.goto(`${app.url}/app/budget/spending/${lines.items[0].id}`))?.status()).toBe(403);
		expect((await other.goto(`${app.url}/app/budget/settlement?unit=16108&year=2026`))?.status()).toBe(403);
	});
});

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
	return Buffer.concat(chunks);
}
