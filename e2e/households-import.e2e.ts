import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTable } from '../src/lib/server/files/tabular';
import { sampleHouseholds } from '../src/lib/server/modules/households/import/import.sample';
import { vi } from '../src/lib/i18n/vi';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn, submitAndWait } from './support/auth';

const app = useAppServer();
const browser = useBrowser();

/** Rows in the big list: enough that the import is still running when its page first shows. */
const ROWS = 12_000;
let dir: string;
let bigList: string;

/**
 * A list as Hà Bình's office would keep it: title rows, a merged two-row header (birth years
 * under Nam / Nữ, categories marked x), the demo commune's villages without "Thôn", and two bad
 * rows (rows 8 and 12 of the sheet: an unknown village, a birth year that is no year).
 */
async function writeList(file: string, rows: number) {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
	const sheet = workbook.addWorksheet('Danh sách');
	const top = [
		sheet.addRow(['UBND XÃ HÀ BÌNH']),
		sheet.addRow(['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025']),
		sheet.addRow(['STT', 'Họ và tên chủ hộ', 'Năm sinh', '', 'Thôn', 'Phân loại', '', '', 'Số CCCD']),
		sheet.addRow(['', '', 'Nam', 'Nữ', '', 'Hộ nghèo', 'Hộ cận nghèo', 'Hộ mới thoát nghèo', ''])
	];
	sheet.mergeCells('A1:D1');
	sheet.mergeCells('C3:D3');
	sheet.mergeCells('F3:H3');
	for (const col of ['A', 'B', 'E', 'I']) sheet.mergeCells(`${col}3:${col}4`);
	for (const r of top) r.commit();
	let n = 0;
	for (const h of sampleHouseholds(rows, ['Đông Sơn', 'Tây Sơn', 'Bình Lâm', 'Yên Thịnh', 'Trung Hòa', 'Bái Xuân'], 11)) {
		n++;
		const line = n + 4;
		const village = line === 8 ? 'Thôn Không Có' : h.village;
		const year = line === 12 ? 'năm ngoái' : h.birthYear;
		sheet
			.addRow([n, h.headName, h.sex === 'male' ? year : '', h.sex === 'female' ? year : '', village, h.category === 'poor' ? 'x' : '', h.category === 'near_poor' ? 'x' : '', h.category === 'escaped' ? 'x' : '', h.idNumber])
			.commit();
	}
	await sheet.commit();
	await workbook.commit();
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-e2e-households-import-'));
	bigList = path.join(dir, 'danh-sach-ho-ngheo.xlsx');
	await writeList(bigList, ROWS);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('importing a household list through the page', () => {
	test('the officer uploads the list, watches the progress, reads the summary and downloads the rejected rows', { timeout: 180_000 }, async () => {
		const context = await browser.newContext({ acceptDownloads: true });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/households/import');
		await expect(page.locator('h1').textContent()).resolves.toBe(vi['householdImport.title']);
		await page.selectOption('#unit', '16108');
		await page.fill('#year', '2025');
		await page.setInputFiles('#file', bigList);
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		expect(new URL(page.url()).pathname).toMatch(/^\/app\/households\/import\/[0-9a-f-]{36}$/);

		// Still running when the page first shows: a progress bar that moves.
		const bar = page.locator('#import-progress progress');
		await bar.waitFor({ state: 'visible', timeout: 10_000 });
		const first = Number(await bar.getAttribute('value'));
		expect(first).toBeGreaterThanOrEqual(0);
		expect(first).toBeLessThan(100);

		// Then the summary, without a reload by hand.
		const summary = page.locator('#import-summary');
		await summary.waitFor({ state: 'visible', timeout: 150_000 });
		const text = await summary.textContent();
		expect(text).toContain(`Đã đọc ${ROWS} dòng`);
		expect(text).toContain(`${ROWS - 2} hộ mới`);
		expect(text).toContain('2 dòng lỗi');
		await expect(page.locator('table tbody tr td:first-child').allTextContents()).resolves.toEqual(['8', '12']);
		// The rejected rows hold personal data: the page says until when they are kept.
		await expect(page.locator('#rejected-kept').textContent()).resolves.toMatch(/giữ đến hết ngày \d{4}-\d{2}-\d{2}/);

		const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#rejected-download').click()]);
		const saved = path.join(dir, 'rejected.xlsx');
		await download.saveAs(saved);
		const table = await readTable(fs.readFileSync(saved));
		expect(table.rows.map((r) => r.values['dòng'])).toEqual(['8', '12']);
		expect(table.rows[0].values['thôn']).toBe('Thôn Không Có');
		expect(table.rows[0].values['lý_do']).toBe('Thôn: Không có thôn “Thôn Không Có” trong xã');
		expect(table.rows[1].values['lý_do']).toMatch(/^Năm sinh – (Nam|Nữ): Năm sinh không hợp lệ: “năm ngoái”/);

		// The upload history lists it.
		await page.goto(app.url + '/app/households/import');
		await expect(page.locator('main table tbody tr').first().textContent()).resolves.toContain('danh-sach-ho-ngheo.xlsx');
	});

	test('without JavaScript a dry run ends on its summary page, and nothing is stored', { timeout: 120_000 }, async () => {
		const small = path.join(dir, 'nho.xlsx');
		await writeList(small, 40);
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/households/import');
		await page.selectOption('#unit', '16108-01');
		await page.setInputFiles('#file', small);
		await page.check('input[name="dryRun"]');
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		// The status page refreshes itself (<meta http-equiv="refresh"> in <noscript>) until the end.
		const summary = page.locator('#import-summary');
		await summary.waitFor({ state: 'visible', timeout: 60_000 });
		await expect(summary.textContent()).resolves.toMatch(/^\s*Chạy thử, 40 dòng/);
		await expect(page.locator('main').textContent()).resolves.toContain(vi['householdImport.dryRunNote']);
		// Into one village: the rows of the other villages are refused, each with its reason.
		await expect(page.locator('table tbody tr').count()).resolves.toBeGreaterThan(0);
		// A dry run leaves no trace in the upload history.
		await page.goto(app.url + '/app/households/import');
		await expect(page.locator('main').textContent()).resolves.not.toContain('nho.xlsx');
	});

	test('a file that is not a list is refused on the form with the reason', async () => {
		const notes = path.join(dir, 'ghi-chu.csv');
		fs.writeFileSync(notes, 'Nội dung,Kinh phí\nIn tờ rơi,1000000\n');
		const page = await (await browser.newContext()).newPage();
		await signIn(page, app.url, 'canbo.habinh');
		await page.goto(app.url + '/app/households/import');
		await page.setInputFiles('#file', notes);
		await submitAndWait(page, page.locator('main form button[type="submit"]'));
		expect(new URL(page.url()).pathname).toBe('/app/households/import');
		await expect(page.locator('[role="alert"]').textContent()).resolves.toContain(vi['householdImport.notList']);
	});
});
