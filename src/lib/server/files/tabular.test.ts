import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { AppError } from '../errors';
import { cellText, detectFormat, normaliseHeader, parseCalendarDate, readTable } from './tabular';
import { writeTable } from './tabular-writer';

const text = (s: string) => Buffer.from(s, 'utf8');

async function xlsx(rows: unknown[][], fill?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Một');
	for (const row of rows) sheet.addRow(row);
	fill?.(sheet);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refused(source: Uint8Array, code: string, key?: string) {
	const err = await readTable(source).catch((e: unknown) => e);
	expect(err).toBeInstanceOf(AppError);
	expect((err as AppError).code).toBe(code);
	if (key) expect((err as AppError).messageKey).toBe(key);
}

describe('readTable: CSV', () => {
	it('tolerates a BOM, case and spacing in headers, and keeps the row numbers a spreadsheet shows', async () => {
		const table = await readTable(text('\uFEFFCode, Tên Đơn Vị ,PARENT-CODE\r\nA,"Xã ""Một""",P\r\n\r\nB,"Thôn\nHai",A\r\n'));
		expect(table.format).toBe('csv');
		expect(table.header).toEqual(['code', 'tên_đơn_vị', 'parent_code']);
		expect(table.rows).toEqual([
			{ line: 2, values: { code: 'A', tên_đơn_vị: 'Xã "Một"', parent_code: 'P' } },
			{ line: 4, values: { code: 'B', tên_đơn_vị: 'Thôn\nHai', parent_code: 'A' } }
		]);
	});

	it('reads semicolon- and tab-separated files, short rows and UTF-16 text', async () => {
		expect((await readTable(text('a;b\n1;2\n3\n'))).rows.map((r) => r.values)).toEqual([
			{ a: '1', b: '2' },
			{ a: '3', b: '' }
		]);
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('mã\ttên\nX\tXã Ê\n', 'utf16le')]);
		expect((await readTable(utf16)).rows[0].values).toEqual({ mã: 'X', tên: 'Xã Ê' });
	});

	it('refuses legacy encodings, duplicate columns and empty files with a clear error', async () => {
		await refused(Buffer.from([0x61, 0x0a, 0xe0, 0xe1, 0x0a]), 'VALIDATION', 'file.table.encoding');
		await refused(text('a,b,A\n1,2,3\n'), 'VALIDATION', 'file.table.duplicateColumn');
		await refused(text('\n\n'), 'VALIDATION', 'file.table.empty');
		await refused(new Uint8Array(), 'UNSUPPORTED_MEDIA_TYPE');
	});
});

describe('readTable: XLSX', () => {
	it('reads the first sheet by content, whatever the name: dates, numbers, formulas and rich text as text', async () => {
		const bytes = await xlsx(
			[
				['Code', 'Name', 'Valid_From', 'n'],
				[16108, { richText: [{ text: 'Xã ' }, { text: 'Hà Bình' }] }, new Date(Date.UTC(2025, 6, 1)), { formula: '1+1', result: 2 }],
				[],
				['X', 'Thôn', '30/06/2025', 1.5]
			],
			(sheet) => (sheet.getCell('C2').numFmt = 'dd/mm/yyyy')
		);
		expect(detectFormat(bytes)).toBe('xlsx');
		const table = await readTable(bytes);
		expect(table.format).toBe('xlsx');
		expect(table.rows).toEqual([
			{ line: 2, values: { code: '16108', name: 'Xã Hà Bình', valid_from: '2025-07-01', n: '2' } },
			{ line: 4, values: { code: 'X', name: 'Thôn', valid_from: '30/06/2025', n: '1.5' } }
		]);
	});

	it('reads from a stream and refuses one over the size limit with 413', async () => {
		const bytes = await xlsx([['a'], ['1']]);
		expect((await readTable(Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]))).rows).toHaveLength(1);
		const err = await readTable(Readable.from([bytes]), { maxBytes: 100 }).catch((e: AppError) => e);
		expect(err).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
	});

	it('refuses other formats: old .xls, PDF, images, binary, a ZIP that is not a workbook, a broken ZIP', async () => {
		await refused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'UNSUPPORTED_MEDIA_TYPE', 'file.table.legacyXls');
		await refused(text('%PDF-1.7\n…'), 'UNSUPPORTED_MEDIA_TYPE', 'file.table.format');
		await refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'UNSUPPORTED_MEDIA_TYPE');
		await refused(Buffer.from([0x61, 0x00, 0x01, 0x02, 0x62]), 'UNSUPPORTED_MEDIA_TYPE');
		const docx = new JSZip();
		docx.file('word/document.xml', '<w:document/>');
		await refused(await docx.generateAsync({ type: 'nodebuffer' }), 'UNSUPPORTED_MEDIA_TYPE', 'file.table.format');
		await refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'VALIDATION', 'file.table.unreadable');
	});
});

describe('helpers', () => {
	it('normalises header names', () => {
		expect(normaliseHeader('\uFEFF Parent Code ')).toBe('parent_code');
	});

	it('parses calendar dates in ISO and Vietnamese order, refusing impossible ones', () => {
		expect(parseCalendarDate('2025-07-01')).toBe('2025-07-01');
		expect(parseCalendarDate('1/7/2025')).toBe('2025-07-01');
		expect(parseCalendarDate('01.07.2025')).toBe('2025-07-01');
		expect(parseCalendarDate('2025-07-01T00:00:00.000Z')).toBe('2025-07-01');
		expect(parseCalendarDate('31/02/2025')).toBeNull();
		expect(parseCalendarDate('2025-13-01')).toBeNull();
		expect(parseCalendarDate('07/01/25')).toBeNull();
		expect(parseCalendarDate('hôm nay')).toBeNull();
	});

	it('turns cells into text: a date with a time keeps it, errors are empty', () => {
		expect(cellText(new Date(Date.UTC(2025, 0, 2, 8, 30)))).toBe('2025-01-02T08:30:00.000Z');
		expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBe('');
		expect(cellText({ text: 'liên kết', hyperlink: 'https://example.org' })).toBe('liên kết');
	});
});

describe('writeTable', () => {
	it('writes CSV with a BOM and defuses formula-like text, and XLSX that reads back the same', async () => {
		const rows = [
			['A', '=HYPERLINK("x")', new Date(Date.UTC(2025, 5, 30))],
			['B', 'Thôn Đông', null]
		];
		const csv = await writeTable('csv', ['code', 'name', 'valid_to'], rows);
		expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(csv.body.toString('utf8')).toContain(`A,"'=HYPERLINK(""x"")",2025-06-30`);
		const book = await writeTable('xlsx', ['code', 'name', 'valid_to'], rows);
		expect((await readTable(book.body)).rows.map((r) => r.values)).toEqual([
			{ code: 'A', name: '=HYPERLINK("x")', valid_to: '2025-06-30' },
			{ code: 'B', name: 'Thôn Đông', valid_to: '' }
		]);
	});
});
