import fs from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors';
import { inspectZip, inspectZipFile } from './zip';
import { openSheet, type SheetReader } from './xlsx-stream';

/**
 * Reads a spreadsheet row by row without holding it in memory: CSV through csv-parse's stream
 * parser, XLSX through the sheet reader of xlsx-stream.ts. The whole-table reader (`readTable`)
 * and the large imports (household lists of 100,000 rows) share it.
 */

export type TabularFormat = 'csv' | 'xlsx';

/** A file on disk (large uploads are spooled there first), or bytes already in memory. */
export type TabularSource = Uint8Array | { path: string };

/** A row as the sheet has it: every cell as trimmed NFC text, trailing blank cells dropped. */
export interface RawRow {
	/** The row number the spreadsheet shows (CSV: the record's number, a quoted line break included). */
	line: number;
	cells: string[];
}

export interface RowReader {
	format: TabularFormat;
	/** Share of the table read so far, 0–1: the progress of a long read. */
	progress(): number;
	/** The rows in order, blank rows included (as `cells: []`) so callers see the real numbering. */
	rows: AsyncIterable<RawRow>;
	/** Stops reading and releases the file; safe to call twice and after the rows ran out. */
	close(): void;
}

export interface OpenRowsOptions {
	/** Refuse larger sources with 413. */
	maxBytes: number;
	/** Worksheet of an XLSX workbook, by name; default the first. */
	sheet?: string;
}

/** An XLSX inflates about tenfold; far more than that is a zip bomb, not a spreadsheet. */
const MAX_XLSX_INFLATED = 400 * 1024 * 1024;
const CHUNK = 64 * 1024;

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

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

/** Tells CSV from XLSX by the bytes; anything else is refused with a message naming what it is. */
export function detectFormat(bytes: Uint8Array): TabularFormat {
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
	const known = signatures.find((s) => startsWith(bytes, s.bytes));
	// An old binary .xls is the one people most often send; say exactly what to do.
	if (known?.what === 'xls') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.legacyXls');
	if (known || bytes.length === 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: known?.what ?? '—' });
	return 'csv';
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

function tooLarge(maxBytes: number): AppError {
	return new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
}

function unreadable(err: unknown, fallback: string): AppError {
	if (err instanceof AppError) return err;
	const reason = err instanceof Error ? err.message.slice(0, 120) : fallback;
	return new AppError('VALIDATION', 'file.table.unreadable', { reason });
}

async function head(source: TabularSource): Promise<{ head: Uint8Array; size: number }> {
	if (source instanceof Uint8Array) return { head: source.subarray(0, 16), size: source.byteLength };
	const handle = await fs.promises.open(source.path, 'r');
	try {
		const { size } = await handle.stat();
		const buffer = Buffer.alloc(Math.min(16, size));
		await handle.read(buffer, 0, buffer.length, 0);
		return { head: buffer, size };
	} finally {
		await handle.close();
	}
}

/**
 * The source as a Node stream of bytes, counting what has been read. (Counted by a transform in
 * the pipe: a second 'data' listener would put the stream in flowing mode and race the reader.)
 */
function byteStream(source: TabularSource): { stream: Readable; read: () => number; destroy: () => void } {
	let read = 0;
	const input =
		source instanceof Uint8Array
			? Readable.from(
					(function* () {
						for (let i = 0; i < source.byteLength; i += CHUNK) yield Buffer.from(source.buffer, source.byteOffset + i, Math.min(CHUNK, source.byteLength - i));
					})()
				)
			: fs.createReadStream(source.path, { highWaterMark: CHUNK });
	const counter = new Transform({
		transform(chunk: Buffer, _encoding, done) {
			read += chunk.byteLength;
			done(null, chunk);
		}
	});
	// Errors of the file reach the reader through the counter; nothing else to do with them here.
	pipeline(input, counter, () => {});
	return {
		stream: counter,
		read: () => read,
		destroy: () => {
			input.destroy();
			counter.destroy();
		}
	};
}

/** Opens a CSV or XLSX source for reading row by row; refuses anything else before reading it. */
export async function openRows(source: TabularSource, options: OpenRowsOptions): Promise<RowReader> {
	const { head: first, size } = await head(source);
	if (size > options.maxBytes) throw tooLarge(options.maxBytes);
	const format = detectFormat(size === 0 ? new Uint8Array() : first);
	if (format === 'xlsx') {
		const zip = source instanceof Uint8Array ? inspectZip(source) : await inspectZipFile(source.path);
		if (!zip.ok) throw new AppError('VALIDATION', 'file.table.unreadable', { reason: zip.reason });
		if (!zip.names.has('xl/workbook.xml')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: 'zip' });
		if (zip.inflatedBytes > MAX_XLSX_INFLATED) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '400 MB' });
		let sheet: SheetReader | null;
		try {
			sheet = await openSheet(source, zip.entries, options.sheet);
		} catch (err) {
			throw unreadable(err, 'xlsx');
		}
		if (!sheet) throw new AppError('VALIDATION', 'file.table.noSheet', { sheet: options.sheet ?? '1' });
		const opened = sheet;
		return { format, progress: opened.progress, rows: xlsxRows(opened), close: () => void opened.rows.return(undefined) };
	}
	const { stream, read, destroy } = byteStream(source);
	return { format, progress: () => (size ? read() / size : 1), rows: csvRows(stream), close: destroy };
}

async function* xlsxRows(sheet: SheetReader): AsyncGenerator<RawRow> {
	try {
		yield* sheet.rows;
	} catch (err) {
		throw unreadable(err, 'xlsx');
	}
}

/** Trailing blank cells carry nothing; dropping them lets `cells.length` mean "has content up to". */
function trimEnd(cells: string[]): string[] {
	let end = cells.length;
	while (end > 0 && cells[end - 1] === '') end--;
	return end === cells.length ? cells : cells.slice(0, end);
}

/** UTF-8 (with or without BOM) or the UTF-16 Excel writes for "Unicode text"; legacy code pages are refused. */
function decoderFor(first: Uint8Array): { decoder: TextDecoder; skip: number } {
	if (startsWith(first, [0xff, 0xfe])) return { decoder: new TextDecoder('utf-16le', { fatal: true }), skip: 2 };
	if (startsWith(first, [0xfe, 0xff])) return { decoder: new TextDecoder('utf-16be', { fatal: true }), skip: 2 };
	return { decoder: new TextDecoder('utf-8', { fatal: true }), skip: startsWith(first, [0xef, 0xbb, 0xbf]) ? 3 : 0 };
}

/** The bytes as text, chunk by chunk; a byte sequence that is not the encoding's fails the whole file. */
async function* decodeText(stream: Readable): AsyncGenerator<string> {
	let decoding: { decoder: TextDecoder; skip: number } | null = null;
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			let bytes: Uint8Array = chunk;
			if (!decoding) {
				decoding = decoderFor(bytes);
				bytes = bytes.subarray(decoding.skip);
			}
			const text = decoding.decoder.decode(bytes, { stream: true });
			if (text) yield text;
		}
		const rest = decoding?.decoder.decode();
		if (rest) yield rest;
	} catch (err) {
		if (err instanceof TypeError) throw new AppError('VALIDATION', 'file.table.encoding');
		throw err;
	}
}

/**
 * Excel writes `;` or tab where the decimal comma is local. Title lines above the header may have
 * none, so the delimiter is the one the most lines of the first block use at their busiest.
 */
export function guessDelimiter(text: string): string {
	const lines = text.split(/\r?\n/, 30);
	const counts = [',', ';', '\t'].map((d) => ({
		d,
		n: Math.max(0, ...lines.map((line) => line.replace(/"[^"]*"/g, '').split(d).length - 1))
	}));
	counts.sort((a, b) => b.n - a.n);
	return counts[0].n > 0 ? counts[0].d : ',';
}

async function* csvRows(stream: Readable): AsyncGenerator<RawRow> {
	const text = decodeText(stream);
	// The first block decides the delimiter and shows whether this is text at all. (Read by hand:
	// leaving a for-await loop would end the generator.)
	let sample = '';
	const firstChunks: string[] = [];
	while (sample.length < CHUNK) {
		const next = await text.next();
		if (next.done) break;
		firstChunks.push(next.value);
		sample += next.value;
	}
	sample = sample.replace(/^\uFEFF/, '');
	// Control characters other than tab and line breaks mean a binary file, not text.
	if (/[\u0000-\u0008\u000b\u000e-\u001f]/.test(sample.slice(0, CHUNK))) {
		stream.destroy();
		throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file.table.format', { kind: 'binary' });
	}
	if (firstChunks.length) firstChunks[0] = firstChunks[0].replace(/^\uFEFF/, '');
	const parser = parse({
		delimiter: guessDelimiter(sample),
		relax_column_count: true,
		relax_quotes: true,
		skip_empty_lines: false,
		trim: true
	});
	const input = Readable.from(
		(async function* () {
			yield* firstChunks;
			yield* text;
		})()
	);
	input.on('error', (err) => parser.destroy(err));
	input.pipe(parser);
	let line = 0;
	try {
		for await (const record of parser as AsyncIterable<string[]>) {
			line++;
			yield { line, cells: trimEnd(record.map((c) => c.normalize('NFC'))) };
		}
	} catch (err) {
		if (err instanceof AppError) throw err;
		const e = err as { code?: string; lines?: number };
		throw new AppError('VALIDATION', 'file.table.unreadable', { reason: `${e.code ?? 'CSV'}${e.lines ? ` @ ${e.lines}` : ''}` });
	} finally {
		input.destroy();
		stream.destroy();
	}
}
