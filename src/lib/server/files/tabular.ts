import { AppError } from '../errors';
import { readUpload, type UploadSource } from './upload';
import { openRows, type RawRow, type TabularFormat } from './tabular-stream';

export { cellText, detectFormat, type TabularFormat } from './tabular-stream';

/**
 * One reader for every spreadsheet officials upload (unit trees, household lists …): CSV or XLSX,
 * told apart by content, not by the file's name, which browsers and people get wrong.
 */

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

/** `Mã Đơn Vị ` → `mã_đơn_vị`: header names compare case-, space- and BOM-insensitively. */
export function normaliseHeader(name: string): string {
	return name
		.replace(/^\uFEFF/, '')
		.normalize('NFC')
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/g, '_');
}

/** Reads a CSV or XLSX file (bytes or a stream) into a header and rows. */
export async function readTable(source: UploadSource, options: ReadTableOptions = {}): Promise<Table> {
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
	const bytes = await readUpload(source, maxBytes);
	const reader = await openRows(bytes, { maxBytes, sheet: options.sheet });
	const grid: RawRow[] = [];
	try {
		for await (const row of reader.rows) grid.push(row);
	} finally {
		reader.close();
	}
	return toTable(reader.format, grid, options.maxRows ?? DEFAULT_MAX_ROWS);
}

function toTable(format: TabularFormat, grid: RawRow[], maxRows: number): Table {
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
