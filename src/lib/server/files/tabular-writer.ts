import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { TabularFormat } from './tabular';

/** A cell to write: text, a number, or a calendar date given as `YYYY-MM-DD`-valued `Date`. */
export type CellInput = string | number | Date | null;

export interface TableFile {
	contentType: string;
	extension: string;
	body: Buffer;
}

export const tabularContentTypes: Record<TabularFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/**
 * A text cell Excel would run as a formula (`=`, `+`, `@`, or `-` with a call or pipe in it) is
 * written with a leading apostrophe: a spreadsheet opened from an export must not execute
 * anything a user typed into a name.
 */
const formulaLike = /^(?:[=+@\t\r]|-.*[(|!])/;

function csvCell(value: CellInput): string {
	if (value === null) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'number') return String(value);
	return formulaLike.test(value) ? `'${value}` : value;
}

/**
 * Writes a header and rows as CSV (UTF-8 with a BOM, so Excel shows Vietnamese letters right) or
 * as an XLSX sheet (bold, frozen header; dates as real date cells shown `dd/mm/yyyy`).
 */
export async function writeTable(format: TabularFormat, header: string[], rows: CellInput[][], sheetName = 'Sheet1'): Promise<TableFile> {
	if (format === 'csv') {
		const text = stringify([header, ...rows.map((r) => r.map(csvCell))], { record_delimiter: '\r\n' });
		return { contentType: tabularContentTypes.csv, extension: 'csv', body: Buffer.from('\uFEFF' + text, 'utf8') };
	}
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Lan Tỏa';
	const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.addRow(header).font = { bold: true };
	for (const row of rows) {
		const added = sheet.addRow(row.map((v) => v ?? null));
		row.forEach((v, i) => {
			if (v instanceof Date) added.getCell(i + 1).numFmt = 'dd/mm/yyyy';
		});
	}
	const widths = header.map((h) => h.length);
	for (const row of rows) row.forEach((v, i) => (widths[i] = Math.max(widths[i] ?? 0, v instanceof Date ? 10 : String(v ?? '').length)));
	widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, w + 2))));
	const body = Buffer.from(await workbook.xlsx.writeBuffer());
	return { contentType: tabularContentTypes.xlsx, extension: 'xlsx', body };
}
