import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { writeXlsx } from './xlsx-writer';

async function read(buf: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buf as unknown as ArrayBuffer);
	return wb;
}

describe('writeXlsx', () => {
	it('writes text as typed, amounts as numbers with thousands, and rows past the writer’s pieces in order', async () => {
		const odd = [' leading space', 'trailing space ', 'two\nlines', 'tab\there', 'double  space', 'A & B <c> "d"', 'Xã Ngọc Lâm Thượng', 'bell\u0007gone', '=SUM(A1)'];
		const many = Array.from({ length: 1300 }, (_, i) => ({ cells: [i + 1, `Dòng ${i + 1}`, (i + 1) * 1000], money: [2] }));
		const buf = writeXlsx([
			{ name: 'Văn bản', widths: [30], freeze: 1, rows: [{ cells: ['Tiêu đề'], bold: true }, ...odd.map((s) => ({ cells: [s] }))] },
			{ name: 'Số liệu', widths: [6, 20, 16], rows: [...many, { cells: ['', 'Tổng', 1300 * 1301 * 500], bold: true, money: [2] }] }
		]);
		const wb = await read(buf);
		const text = wb.getWorksheet('Văn bản')!;
		expect(text.getCell('A1').value).toBe('Tiêu đề');
		expect(text.getCell('A1').font?.bold).toBe(true);
		expect(odd.map((_, i) => text.getCell(`A${i + 2}`).value)).toEqual([...odd.slice(0, 7), 'bellgone', '=SUM(A1)']);
		const nums = wb.getWorksheet('Số liệu')!;
		expect(nums.rowCount).toBe(1301);
		for (const r of [1, 512, 513, 1024, 1025, 1300]) {
			expect(nums.getCell(`A${r}`).value).toBe(r);
			expect(nums.getCell(`B${r}`).value).toBe(`Dòng ${r}`);
			expect(nums.getCell(`C${r}`).value).toBe(r * 1000);
			expect(nums.getCell(`C${r}`).numFmt).toBe('#,##0');
		}
		expect(nums.getCell('C1301').value).toBe(1300 * 1301 * 500);
		expect(nums.getCell('C1301').font?.bold).toBe(true);
	});
});
