import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { vi } from '../src/lib/i18n/vi';
import { readZipEntry, paragraphs } from '../src/lib/server/documents/testing';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { apiSignIn, signIn } from './support/auth';

const app = useAppServer();
const browser = useBrowser();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-e2e-reports-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The quarter before the present one in Việt Nam (the demo's commune report is for it). */
function lastQuarter(): string {
	const [y, m] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).split('-').map(Number);
	const q = Math.ceil(m / 3);
	return q === 1 ? `${y - 1}Q4` : `${y}Q${q - 1}`;
}

describe('report completeness and exports in the browser', () => {
	test('the province officer reads completeness (table and chart, no JavaScript) and downloads the commune report as DOCX and XLSX', async () => {
		const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
		const page = await context.newPage();
		await signIn(page, app.url, 'tinh.thanhhoa');

		// Villages of the province's communes, month by month: table, chart with its table, the units late or missing.
		const res = await page.goto(`${app.url}/app/reports/completeness?unit=38&form=village_monthly`);
		expect(res?.status()).toBe(200);
		await expect(page.locator('main h1').textContent()).resolves.toBe(vi['reports.completeness.title']);
		await expect(page.locator('#completeness-table tbody tr').count()).resolves.toBe(4);
		const expected = await page.locator('#completeness-table tfoot td').allTextContents();
		expect(Number(expected[0])).toBeGreaterThan(0);
		await expect(page.locator('figure svg[role="img"] rect').count()).resolves.toBeGreaterThan(0);
		await expect(page.locator('figure details table tbody tr').count()).resolves.toBe(4);
		await expect(page.locator('#completeness-problems tbody tr').count()).resolves.toBeGreaterThan(0);
		await expect(page.locator('#completeness-problems').textContent()).resolves.toContain('Thôn Yên Thịnh');

		// The communes' quarter reports: Hà Bình's is in, and it opens from the API's link.
		const quarter = lastQuarter();
		expect((await page.goto(`${app.url}/app/reports/completeness?unit=38&form=commune_quarterly&from=${quarter}&to=${quarter}`))?.status()).toBe(200);
		await expect(page.locator(`#completeness-table tr[data-period="${quarter}"] td`).nth(2).textContent()).resolves.toBe('1');
		const cookie = await apiSignIn(app.url, 'tinh.thanhhoa');
		const api = await fetch(`${app.url}/api/v1/reports/completeness?unit=38&form=commune_quarterly&from=${quarter}&to=${quarter}`, { headers: { cookie } });
		expect(api.status).toBe(200);
		const view = (await api.json()) as { periods: { units: { unit: { code: string }; reportId: string | null }[] }[] };
		const reportId = view.periods[0].units.find((u) => u.unit.code === '16108')!.reportId!;
		expect(reportId).toBeTruthy();

		expect((await page.goto(`${app.url}/app/reports/${reportId}`))?.status()).toBe(200);
		const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="/export/docx"]').first().click()]);
		expect(docx.suggestedFilename()).toBe(`bao-cao-16108-${quarter}.docx`);
		const docxFile = path.join(work, 'report.docx');
		await docx.saveAs(docxFile);
		const texts = paragraphs(readZipEntry(fs.readFileSync(docxFile), 'word/document.xml')).map((p) => p.text);
		for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'ỦY BAN NHÂN DÂN', 'XÃ HÀ BÌNH', 'BÁO CÁO', 'I. KẾT QUẢ THỰC HIỆN', 'III. ĐỀ XUẤT, KIẾN NGHỊ', 'Nơi nhận:'])
			expect(texts).toContain(line);
		expect(texts.find((t) => t.startsWith('Số:'))).toMatch(/\/BC-UBND$/);

		const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="/export/xlsx"]').first().click()]);
		const xlsxFile = path.join(work, 'report.xlsx');
		await xlsx.saveAs(xlsxFile);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile(xlsxFile);
		const sheet = workbook.worksheets[0];
		const labels: string[] = [];
		sheet.eachRow((row) => labels.push(String(row.getCell(2).value ?? '')));
		for (const village of ['Thôn Đông Sơn', 'Thôn Tây Sơn', 'Thôn Bình Lâm', 'Thôn Yên Thịnh', 'Thôn Trung Hòa', 'Thôn Bái Xuân']) expect(labels).toContain(village);
		expect(labels).toContain('Tổng cộng Xã Hà Bình');
	});

	test("the commune officer's workspace shows the village reports overdue, each linked (no JavaScript)", async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		expect((await page.goto(`${app.url}/app`))?.status()).toBe(200);
		const box = page.locator('section[aria-labelledby="report-reminders"]');
		await expect(box.locator('h2').textContent()).resolves.toBe(vi['reports.reminders.title']);
		const overdue = box.locator('li[data-kind="overdue"]');
		await expect(overdue.count()).resolves.toBeGreaterThan(0);
		await expect(box.textContent()).resolves.toContain('Thôn Yên Thịnh');
		const href = await overdue.first().locator('a').getAttribute('href');
		expect(href).toMatch(/^\/app\/reports\/(completeness\?unit=16108&|[0-9a-f-]{36}$)/);
		expect((await page.goto(app.url + href))?.status()).toBe(200);
	});

	test('another commune is refused the completeness of Hà Bình and its report files; bad input is said, never a 500', async () => {
		const cookie = await apiSignIn(app.url, 'canbo.daquyn');
		const status = async (p: string) => (await fetch(app.url + p, { headers: { cookie }, redirect: 'manual' })).status;
		const province = await apiSignIn(app.url, 'tinh.thanhhoa');
		const quarter = lastQuarter();
		const view = (await (await fetch(`${app.url}/api/v1/reports/completeness?unit=38&form=commune_quarterly&from=${quarter}&to=${quarter}`, { headers: { cookie: province } })).json()) as {
			periods: { units: { unit: { code: string }; reportId: string | null }[] }[];
		};
		const reportId = view.periods[0].units.find((u) => u.unit.code === '16108')!.reportId!;
		expect(await status(`/app/reports/completeness?unit=16108&form=village_monthly`)).toBe(403);
		expect(await status(`/api/v1/reports/completeness?unit=16108&form=village_monthly`)).toBe(403);
		expect(await status(`/app/reports/${reportId}/export/docx`)).toBe(404);
		expect(await status(`/app/reports/${reportId}/export/xlsx`)).toBe(404);
		expect(await status(`/api/v1/reports/${reportId}/export.docx`)).toBe(404);
		expect(await status('/app/reports/not-an-id/export/docx')).toBe(404);
		expect(await status('/app/reports/completeness?unit=NOPE&form=village_monthly')).toBe(404);
		const bad = await fetch(`${app.url}/app/reports/completeness?unit=24997&form=village_monthly&from=2026-13&to=2026-01`, { headers: { cookie } });
		expect(bad.status).toBe(200);
		expect(await bad.text()).toContain('Khoảng kỳ không hợp lệ');
		expect(await status('/api/v1/reports/completeness?unit=24997&form=village_monthly&from=2026Q1')).toBe(400);
	});
});
