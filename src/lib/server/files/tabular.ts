import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { readUpload, type UploadSource } from './upload';
import { inspectZip } from './zip';

/**
 * One reader for every spreadsheet officials upload (unit trees, household lists …): CSV or XLSX,
 * told apart by content, not by the file's name, which browsers and people get wrong.
 */

export type TabularFormat = 'csv' | 'xlsx';

export interface TableRow {
	/** The row number the spreadsheet shows (the header is usually row 1). */
	line: number;
	/** Cells by normalised header name, trimmed; missing cells are ''. */
	values: Record<string, string>;
}

export interface Table {
	format: TabularFormat;
	/** Normalised header names (see `normaliseHeader`), in file order. */
	header: string[];
	/** Data rows; rows with every cell blank are left out, the others keep their line numbers. */
	rows: TableRow[];
}

export interface ReadTableOptions {
	/** Refuse larger inputs with 413 (default 10 MB). */
	maxBytes?: number;
	/** Refuse more data rows than this (default 200,000). */
	maxRows?: number;
	/** Worksheet of an XLSX workbook, by name; default the first. */
	sheet?: string;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_ROWS = 200_000;
/** An XLSX inflates about tenfold; far more than that is a zip bomb, not a spreadsheet. */
const MAX_XLSX_INFLATED = 400 * 1024 * 1024;

const signatures: { bytes: number[]; what: string }[] = [
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'xls' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], what: 'pdf' },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], what: 'png' },
	{ bytes: [0xff, 0xd8, 0xff], what: 'jpeg' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], what: 'gif' },
	{ bytes: [0x1f, 0x8b], what: 'gzip' },
	{ bytes: [0x52, 0x61, 0x72, 0x21], what: 'rar' },
	{ bytes: [0x37, 0x7a, 0xbc, 0xaf], what: '7z' }
];

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** `Mã Đơn Vị ` → `mã_đơn_vị`: header names compare case-, space- and BOM-insensitively. */
export function normaliseHeader(name: string): string {
	return name
		.replace(/^\uFEFF/, '')
		.normalize('NFC')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** Tells CSV from XLSX by the bytes; anything else is refused with a message naming what it is. */
export function detectFormat(bytes: Uint8Array): TabularFormat {
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
	const known = signatures.find((s) => startsWith(bytes, s.bytes));
	// An old binary .xls is the one people most often send; say exactly what to do.
	if (known?.what === 'xls') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.legacyXls');
	if (known || bytes.length === 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: known?.what ?? '—' });
	return 'csv';
}

/** Reads a CSV or XLSX file (bytes or a stream) into a header and rows. */
export async function readTable(source: UploadSource, options: ReadTableOptions = {}): Promise<Table> {
	const bytes = await readUpload(source, options.maxBytes ?? DEFAULT_MAX_BYTES);
	const format = detectFormat(bytes);
	const grid = format === 'csv' ? csvGrid(decodeText(bytes)) : await xlsxGrid(bytes, options.sheet);
	return toTable(format, grid, options.maxRows ?? DEFAULT_MAX_ROWS);
}

interface GridRow {
	line: number;
	cells: string[];
}

function toTable(format: TabularFormat, grid: GridRow[], maxRows: number): Table {
	// Sheets often start with blank lines; the first row with content is the header.
	const nonBlank = grid.filter((r) => r.cells.some((c) => c !== ''));
	const [headerRow, ...dataRows] = nonBlank;
	if (!headerRow) throw new AppError('VALIDATION', 'file.table.empty');
	if (dataRows.length > maxRows) throw new AppError('PAYLOAD_TOO_LARGE', 'file.table.tooManyRows', { max: maxRows });
	const header = headerRow.cells.map(normaliseHeader);
	const seen = new Set<string>();
	for (const name of header) {
		if (name && seen.has(name)) throw new AppError('VALIDATION', 'file.table.duplicateColumn', { column: name });
		seen.add(name);
	}
	const rows = dataRows.map((r) => {
		const values: Record<string, string> = {};
		header.forEach((name, i) => {
			if (name) values[name] = r.cells[i] ?? '';
		});
		return { line: r.line, values };
	});
	return { format, header: header.filter(Boolean), rows };
}

/** UTF-8 (with or without BOM) or the UTF-16 Excel writes for "Unicode text"; legacy code pages are refused. */
function decodeText(bytes: Uint8Array): string {
	let text: string;
	try {
		if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
		else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes);
		else text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new AppError('VALIDATION', 'file.table.encoding');
	}
	text = text.replace(/^\uFEFF/, '');
	// Control characters other than tab and line breaks mean a binary file, not text.
	if (/[\u0000-\u0008\u000b\u000e-\u001f]/.test(text.slice(0, 65_536))) {
		throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: 'binary' });
	}
	return text;
}

/** Excel writes `;` or tab where the decimal comma is local; the header line tells which. */
function guessDelimiter(text: string): string {
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const unquoted = firstLine.replace(/"[^"]*"/g, '');
	const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
	counts.sort((a, b) => b.n - a.n);
	return counts[0].n > 0 ? counts[0].d : ',';
}

function csvGrid(text: string): GridRow[] {
	let records: string[][];
	try {
		records = parse(text, {
			delimiter: guessDelimiter(text),
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: false,
			trim: true
		}) as string[][];
	} catch (err) {
		throw new AppError('VALIDATION', 'file.table.unreadable', { reason: csvReason(err) });
	}
	// A spreadsheet shows one row per record, even when a quoted cell spans several text lines.
	return records.map((cells, i) => ({ line: i + 1, cells: cells.map((c) => c.normalize('NFC')) }));
}

function csvReason(err: unknown): string {
	const e = err as { code?: string; lines?: number };
	return `${e.code ?? 'CSV'}${e.lines ? ` @ ${e.lines}` : ''}`;
}

async function xlsxGrid(bytes: Uint8Array, sheetName?: string): Promise<GridRow[]> {
	const zip = inspectZip(bytes);
	if (!zip.ok) throw new AppError('VALIDATION', 'file.table.unreadable', { reason: zip.reason });
	if (!zip.names.has('xl/workbook.xml')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: 'zip' });
	if (zip.inflatedBytes > MAX_XLSX_INFLATED) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '400 MB' });
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
	} catch (err) {
		throw new AppError('VALIDATION', 'file.table.unreadable', { reason: err instanceof Error ? err.message.slice(0, 120) : 'xlsx' });
	}
	const sheet = sheetName ? workbook.getWorksheet(sheetName) : workbook.worksheets[0];
	if (!sheet) throw new AppError('VALIDATION', 'file.table.noSheet', { sheet: sheetName ?? '1' });
	const grid: GridRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col).value));
		grid.push({ line: rowNumber, cells });
	});
	return grid;
}

/** An XLSX cell as text: dates as `YYYY-MM-DD` (or a full ISO time when they carry one), formulas by their result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return '';
		const iso = value.toISOString();
		// Excel dates have no time zone; ExcelJS reads them as UTC midnight.
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
	}
	if (typeof value === 'string') return value.normalize('NFC').trim();
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if ('richText' in value) return value.richText.map((p) => p.text).join('').normalize('NFC').trim();
	if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
	if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
	// Error cells (#N/A …) hold no usable value.
	return '';
}

/**
 * A calendar date typed by a person: `YYYY-MM-DD`, `DD/MM/YYYY` (Vietnamese order, also with `-`
 * or `.`), or a full ISO time from a date cell. Returns `YYYY-MM-DD`, or null when it is no real date.
 */
export function parseCalendarDate(text: string): string | null {
	const value = text.trim();
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T00:00:00(?:\.000)?Z?)?$/.exec(value);
	let year: number, month: number, day: number;
	if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value))) [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
	else return null;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	if (year < 1900 || year > 2200) return null;
	return date.toISOString().slice(0, 10);
}
