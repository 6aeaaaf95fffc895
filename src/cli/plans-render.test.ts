import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { paragraphs, readZipEntry } from '../lib/server/documents/testing';
import { main } from './main';

const root = path.resolve('.');
const bin = path.join(root, 'bin', 'lantoa.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-render-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const seed = path.join(root, 'src/lib/server/modules/plans/document/fixtures/da-quyn-2023.json');

/** Runs `lantoa plans render …` in this process (fast), returning the exit code and what went to stderr. */
async function renderHere(args: string[]): Promise<{ code: number; stderr: string }> {
	let stderr = '';
	const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stderr += String(chunk);
		return true;
	});
	try {
		return { code: await main(['plans', 'render', ...args]), stderr };
	} finally {
		spy.mockRestore();
	}
}

/** Runs `lantoa plans render …` as its own process, as an operator would; its data directory must stay untouched. */
function render(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const childEnv: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST')) childEnv[k] = v;
	delete childEnv.DATABASE_URL;
	Object.assign(childEnv, { LANTOA_DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'warn' });
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, 'plans', 'render', ...args], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

describe('lantoa plans render', () => {
	it('renders an interchange JSON file to DOCX, storing nothing', async () => {
		const docx = path.join(work, 'plan.docx');
		const r = await render([seed, '--out', docx]);
		expect(r.stderr).toContain('Wrote');
		expect(r.code).toBe(0);
		const xml = readZipEntry(fs.readFileSync(docx), 'word/document.xml');
		expect(xml).toContain('Truyền thông về Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023 trên địa bàn xã Đa Quyn');
		expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');

		expect(fs.existsSync(path.join(work, 'data'))).toBe(false);
	});

	it('renders HTML when the output file says so', async () => {
		const html = path.join(work, 'plan.html');
		expect((await renderHere([seed, '--out', html])).code).toBe(0);
		expect(fs.readFileSync(html, 'utf8')).toMatch(/^<!doctype html><html lang="vi">/);
	});

	it('renders a plan written as text through the importer', async () => {
		const md = path.join(work, 'plan.md');
		fs.writeFileSync(
			md,
			[
				'**KẾ HOẠCH**',
				'',
				'**Truyền thông về giảm nghèo bền vững trên địa bàn xã Hà Bình năm 2024**',
				'',
				'Căn cứ Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ. UBND xã Hà Bình xây dựng Kế hoạch như sau:',
				'',
				'**I. MỤC ĐÍCH, YÊU CẦU**',
				'',
				'**1. Mục đích**',
				'',
				'- Nâng cao nhận thức của người dân về chính sách giảm nghèo.',
				'',
				'**II. TỔ CHỨC THỰC HIỆN**',
				'',
				'Công chức VH-XH tham mưu thực hiện kế hoạch./.',
				'',
				'***Nơi nhận:***',
				'- UBND huyện (b/c);',
				'- Lưu: VT.',
				'',
				'**CHỦ TỊCH**',
				'',
				'**Nguyễn Thành Đô**'
			].join('\n')
		);
		const docx = path.join(work, 'from-md.docx');
		const r = await renderHere([md, '--out', docx]);
		expect(r.stderr).toContain('Wrote');
		expect(r.code).toBe(0);
		const texts = paragraphs(readZipEntry(fs.readFileSync(docx), 'word/document.xml')).map((p) => p.text);
		for (const text of ['I. MỤC ĐÍCH, YÊU CẦU', '1. Mục đích', '- Nâng cao nhận thức của người dân về chính sách giảm nghèo.', 'Nguyễn Thành Đô'])
			expect(texts).toContain(text);
	});

	it('refuses bad input in both languages with exit code 2', async () => {
		const bad = path.join(work, 'bad.json');
		fs.writeFileSync(bad, '{"issuer": ');
		const invalidPlan = path.join(work, 'invalid.json');
		fs.writeFileSync(invalidPlan, JSON.stringify({ issuer: 'UBND xã Đa Quyn' }));
		const pdfInput = path.join(work, 'scanned.pdf');
		fs.writeFileSync(pdfInput, '%PDF-1.7\n%âãÏÓ\n');
		const cases: [string[], RegExp][] = [
			[[bad, '--out', path.join(work, 'x.docx')], /không phải JSON hợp lệ.* \/ The file .* is not valid JSON/],
			[[invalidPlan, '--out', path.join(work, 'x.docx')], /không phải kế hoạch .* \/ The file .* is not a plan[\s\S]*\[title\]/],
			[[path.join(work, 'none.json'), '--out', path.join(work, 'x.docx')], /Không có tệp .* \/ No file /],
			[[pdfInput, '--out', path.join(work, 'x.docx')], /PDF.* \/ PDF files are not read directly/],
			[[seed, '--out', path.join(work, 'x.odt')], /phải có đuôi \.docx, \.pdf hoặc \.html\. \/ The output file .* must end in/]
		];
		for (const [args, message] of cases) {
			const r = await renderHere(args);
			expect(r.stderr).toMatch(message);
			expect(r.code).toBe(2);
		}
		expect(fs.existsSync(path.join(work, 'x.docx'))).toBe(false);
	});

	it('says that LibreOffice is missing when a PDF is asked for without it', async () => {
		vi.stubEnv('LANTOA_SOFFICE', path.join(work, 'no-soffice'));
		const r = await renderHere([seed, '--out', path.join(work, 'plan.pdf')]).finally(() => vi.unstubAllEnvs());
		expect(r.stderr).toMatch(/chưa cài LibreOffice .* \/ Cannot make the PDF: LibreOffice is not installed/);
		expect(r.code).toBe(2);
		expect(fs.existsSync(path.join(work, 'plan.pdf'))).toBe(false);
	});
});
