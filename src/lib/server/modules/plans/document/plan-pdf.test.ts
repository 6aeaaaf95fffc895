import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSeedPlan } from './fixtures';
import { renderPlanPdf } from './index';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-plan-pdf-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('a seed plan as PDF (LibreOffice)', () => {
	it('is an A4 PDF of several pages, numbered from page 2 at the top, whose first page renders to PNG', async () => {
		const pdf = await renderPlanPdf(loadSeedPlan('ha-binh-2021-2025'));
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const file = path.join(work, 'plan.pdf');
		fs.writeFileSync(file, pdf);
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(info).toContain('(A4)');

		const page = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
		const firstLine = (text: string) => text.split('\n').find((l) => l.trim())!.trim();
		// Page 1 opens with the header (no page number); page 2 with its number, centred at the top.
		expect(firstLine(page(1))).toMatch(/^ỦY BAN NHÂN DÂN\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
		expect(firstLine(page(2))).toBe('2');
		expect(page(pages)).toContain('Nguyễn Thành Đô');

		execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(work, 'page1')]);
		const png = fs.readFileSync(path.join(work, 'page1.png'));
		expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
		// Width and height from the IHDR chunk: A4 at 50 dpi is about 413 × 585 pixels.
		expect(png.readUInt32BE(16)).toBeGreaterThan(400);
		expect(png.readUInt32BE(20) / png.readUInt32BE(16)).toBeCloseTo(297 / 210, 1);
	});
});
