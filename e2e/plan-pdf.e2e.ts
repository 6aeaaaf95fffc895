import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readZipEntry } from '../src/lib/server/documents/testing';
import { loadSeedPlan } from '../src/lib/server/modules/plans/document/fixtures';
import { useAppServer } from './support/server';
import { useBrowser } from './support/browser';
import { signIn } from './support/auth';

const app = useAppServer();
const browser = useBrowser();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-e2e-pdf-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('a plan as an official document, from the browser', () => {
	test('the plan page previews the printed page; its PDF downloads, has pages numbered from 2 and renders to PNG', async () => {
		const context = await browser.newContext({ acceptDownloads: true });
		const page = await context.newPage();
		await signIn(page, app.url, 'canbo.daquyn');

		// The Đa Quyn seed plan, stored as a draft through the API with the browser's own session.
		const created = await context.request.post(`${app.url}/api/v1/plans`, { data: { unit: '24997', ...loadSeedPlan('da-quyn-2023') } });
		expect(created.status(), await created.text()).toBe(201);
		const { id } = (await created.json()) as { id: string };

		await page.goto(`${app.url}/app/plans/${id}`);
		const preview = page.locator('.lt-doc');
		await expect(preview.locator('.lt-doc__national-name').textContent()).resolves.toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		await expect(preview.locator('.lt-doc__place-date').textContent()).resolves.toBe('Đa Quyn, ngày 01 tháng 12 năm 2023');
		await expect(preview.locator('.lt-doc__signature').textContent()).resolves.toContain('Nguyễn Văn Dương');

		const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="format=pdf"]').click()]);
		expect(download.suggestedFilename()).toMatch(/\.pdf$/);
		const file = path.join(work, 'plan.pdf');
		await download.saveAs(file);
		expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');

		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(info).toContain('(A4)');
		const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
		const firstLine = (text: string) => text.split('\n').find((l) => l.trim())!.trim();
		expect(firstLine(pageText(1))).toMatch(/^ỦY BAN NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
		expect(firstLine(pageText(2))).toBe('2');

		execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(work, 'page1')]);
		const png = fs.readFileSync(path.join(work, 'page1.png'));
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		expect(png.readUInt32BE(20) / png.readUInt32BE(16)).toBeCloseTo(297 / 210, 1);

		// The Word file behind it: same plan, A4, Times New Roman.
		const [docx] = await Promise.all([page.waitForEvent('download'), page.locator('a[href$="format=docx"]').click()]);
		const docxFile = path.join(work, 'plan.docx');
		await docx.saveAs(docxFile);
		const xml = readZipEntry(fs.readFileSync(docxFile), 'word/document.xml');
		expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
		expect(xml).toContain('w:ascii="Times New Roman"');
		expect(xml).toContain('Nguyễn Văn Dương');
	});
});
