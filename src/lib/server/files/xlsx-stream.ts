import type { Readable } from 'node:stream';
import { zipEntryStream, type ZipEntry } from './zip';

/**
 * Reads the rows of one worksheet of an XLSX file as text, streaming: the shared strings and the
 * styles first, then the sheet, each entry inflated straight from its place in the ZIP, so the
 * order the entries are stored in does not matter and nothing is spooled to disk.
 *
 * ExcelJS's streaming reader is not used: it decodes every inflated chunk to text on its own, and
 * a Vietnamese letter split across two chunks comes out as two U+FFFD (exceljs issue #2084,
 * open); that silently garbled about one name in 25,000 here. This reader decodes with one
 * streaming TextDecoder per entry, and reads only what a list import needs: values, not styling.
 */

export interface SheetRow {
	/** The row number Excel shows. */
	line: number;
	/** Cells by column (A = 0); cells the sheet does not have are ''. */
	cells: string[];
}

type Attributes = Record<string, string>;

interface XmlHandlers {
	open(name: string, attributes: Attributes, selfClosing: boolean): void;
	close(name: string): void;
	text(text: string): void;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : entities[e]
	);
}

/** Local name of a possibly prefixed XML name ("x:row" → "row"). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

const attributePattern = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * A small streaming XML scanner: enough for SpreadsheetML (elements, attributes, text, entities,
 * CDATA; comments and declarations skipped). Text is held until the next tag, so an entity or a
 * character is never cut in two.
 */
class XmlScanner {
	private buffer = '';

	constructor(private readonly on: XmlHandlers) {}

	write(chunk: string) {
		this.buffer += chunk;
		let i = 0;
		const b = this.buffer;
		for (;;) {
			const lt = b.indexOf('<', i);
			if (lt < 0) break;
			if (lt > i) this.on.text(decodeEntities(b.slice(i, lt)));
			let end: number;
			if (b.startsWith('<!--', lt)) {
				end = b.indexOf('-->', lt);
				if (end < 0) return this.keep(lt);
				i = end + 3;
				continue;
			}
			if (b.startsWith('<![CDATA[', lt)) {
				end = b.indexOf(']]>', lt);
				if (end < 0) return this.keep(lt);
				this.on.text(b.slice(lt + 9, end));
				i = end + 3;
				continue;
			}
			end = tagEnd(b, lt + 1);
			if (end < 0) return this.keep(lt);
			i = end + 1;
			const c = b[lt + 1];
			if (c === '?' || c === '!') continue;
			if (c === '/') {
				this.on.close(local(b.slice(lt + 2, end).trim()));
				continue;
			}
			const selfClosing = b[end - 1] === '/';
			const inner = b.slice(lt + 1, selfClosing ? end - 1 : end);
			const space = inner.search(/\s/);
			const name = local(space < 0 ? inner : inner.slice(0, space));
			const attributes: Attributes = {};
			if (space >= 0) {
				attributePattern.lastIndex = space;
				for (let m = attributePattern.exec(inner); m; m = attributePattern.exec(inner)) attributes[m[1]] = decodeEntities(m[2] ?? m[3]);
			}
			this.on.open(name, attributes, selfClosing);
			if (selfClosing) this.on.close(name);
		}
		this.keep(i);
	}

	private keep(from: number) {
		this.buffer = this.buffer.slice(from);
	}
}

/** Index of the `>` closing a tag that starts before `from`, skipping quoted attribute values; -1 when not in the buffer yet. */
function tagEnd(b: string, from: number): number {
	let quote = '';
	for (let i = from; i < b.length; i++) {
		const c = b[i];
		if (quote) {
			if (c === quote) quote = '';
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '>') return i;
	}
	return -1;
}

/** Feeds an entry's text to a scanner, decoding UTF-8 across chunk boundaries; `onChunk` sees the scanner's output. */
async function* scan(stream: Readable, handlers: XmlHandlers, counted?: (bytes: number) => void): AsyncGenerator<void> {
	const decoder = new TextDecoder('utf-8');
	const scanner = new XmlScanner(handlers);
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		counted?.(chunk.byteLength);
		scanner.write(decoder.decode(chunk, { stream: true }));
		yield;
	}
	scanner.write(decoder.decode());
	yield;
}

async function readWhole(stream: Readable, handlers: XmlHandlers): Promise<void> {
	for await (const _ of scan(stream, handlers));
}

/** Column index (A = 0) of a cell reference like "AB12". */
function columnOf(ref: string): number {
	let n = 0;
	for (let i = 0; i < ref.length; i++) {
		const code = ref.charCodeAt(i);
		if (code < 65 || code > 90) break;
		n = n * 26 + (code - 64);
	}
	return n - 1;
}

/** Number formats Excel has built in that show dates or times. */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside quoted text and [colour] sections, it has d, m, y, h or s. */
function isDateFormat(code: string): boolean {
	const bare = code
		.replace(/"[^"]*"/g, '')
		.replace(/\\./g, '')
		.replace(/\[(?!h\]|m\]|s\])[^\]]*\]/gi, '');
	return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** An Excel serial date as `YYYY-MM-DD`, or a full ISO time when it has a time of day. */
function serialDate(serial: number, date1904: boolean): string {
	const ms = Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000);
	const date = new Date(ms);
	if (Number.isNaN(date.getTime())) return '';
	const iso = date.toISOString();
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

interface WorkbookParts {
	sheetEntry: ZipEntry;
	sharedStrings: string[];
	dateStyles: Set<number>;
	date1904: boolean;
}

type Source = Uint8Array | { path: string };

async function readWorkbook(source: Source, entries: Map<string, ZipEntry>, sheetName?: string): Promise<WorkbookParts | null> {
	const sheets: { name: string; rid: string }[] = [];
	let date1904 = false;
	const workbook = entries.get('xl/workbook.xml');
	if (workbook)
		await readWhole(await zipEntryStream(source, workbook), {
			open(name, a) {
				if (name === 'sheet') sheets.push({ name: a.name ?? '', rid: Object.entries(a).find(([k]) => k.includes(':') && local(k) === 'id')?.[1] ?? '' });
				if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
			},
			close() {},
			text() {}
		});
	const targets = new Map<string, string>();
	const rels = entries.get('xl/_rels/workbook.xml.rels');
	if (rels)
		await readWhole(await zipEntryStream(source, rels), {
			open(name, a) {
				if (name === 'Relationship' && a.Id && a.Target) targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
			},
			close() {},
			text() {}
		});
	const sheet = sheetName ? sheets.find((s) => s.name === sheetName) : sheets[0];
	if (sheetName && !sheet) return null;
	const sheetEntry = entries.get((sheet && targets.get(sheet.rid)) ?? 'xl/worksheets/sheet1.xml');
	if (!sheetEntry) return null;

	const sharedStrings: string[] = [];
	const strings = entries.get('xl/sharedStrings.xml');
	if (strings) {
		let current: string[] | null = null;
		let inText = false;
		let phonetic = 0;
		await readWhole(await zipEntryStream(source, strings), {
			open(name) {
				if (name === 'si') current = [];
				else if (name === 'rPh') phonetic++;
				else if (name === 't' && !phonetic) inText = true;
			},
			close(name) {
				if (name === 'si' && current) {
					sharedStrings.push(current.join(''));
					current = null;
				} else if (name === 'rPh') phonetic--;
				else if (name === 't') inText = false;
			},
			text(text) {
				if (inText && current) current.push(text);
			}
		});
	}

	const dateStyles = new Set<number>();
	const styles = entries.get('xl/styles.xml');
	if (styles) {
		const customDates = new Set<number>();
		let inCellXfs = false;
		let xfIndex = 0;
		await readWhole(await zipEntryStream(source, styles), {
			open(name, a) {
				if (name === 'numFmt' && isDateFormat(a.formatCode ?? '')) customDates.add(Number(a.numFmtId));
				else if (name === 'cellXfs') inCellXfs = true;
				else if (name === 'xf' && inCellXfs) {
					const id = Number(a.numFmtId ?? 0);
					if (builtInDateFormats.has(id) || customDates.has(id)) dateStyles.add(xfIndex);
					xfIndex++;
				}
			},
			close(name) {
				if (name === 'cellXfs') inCellXfs = false;
			},
			text() {}
		});
	}
	return { sheetEntry, sharedStrings, dateStyles, date1904 };
}

export interface SheetReader {
	rows: AsyncGenerator<SheetRow>;
	/** Share of the sheet read so far, 0–1. */
	progress(): number;
}

/**
 * Opens the worksheet named `sheetName` (default the first) of a ZIP whose directory is
 * `entries`; null when there is no such sheet.
 */
export async function openSheet(source: Source, entries: Map<string, ZipEntry>, sheetName?: string): Promise<SheetReader | null> {
	const parts = await readWorkbook(source, entries, sheetName);
	if (!parts) return null;
	const { sheetEntry, sharedStrings, dateStyles, date1904 } = parts;
	let inflated = 0;
	const stream = await zipEntryStream(source, sheetEntry);

	async function* rows(): AsyncGenerator<SheetRow> {
		const ready: SheetRow[] = [];
		let line = 0;
		let cells: string[] | null = null;
		let column = -1;
		let type = '';
		let style = 0;
		let value: string[] = [];
		let capture = false;
		let inInline = false;
		let phonetic = 0;
		const handlers: XmlHandlers = {
			open(name, a) {
				switch (name) {
					case 'row':
						line = a.r ? Number(a.r) : line + 1;
						cells = [];
						column = -1;
						break;
					case 'c':
						column = a.r ? columnOf(a.r) : column + 1;
						type = a.t ?? 'n';
						style = a.s ? Number(a.s) : 0;
						value = [];
						break;
					case 'v':
						capture = true;
						break;
					case 'is':
						inInline = true;
						break;
					case 'rPh':
						phonetic++;
						break;
					case 't':
						if (inInline && !phonetic) capture = true;
						break;
				}
			},
			close(name) {
				switch (name) {
					case 'v':
					case 't':
						capture = false;
						break;
					case 'is':
						inInline = false;
						break;
					case 'rPh':
						phonetic--;
						break;
					case 'c':
						if (cells && column >= 0) cells[column] = cellValue(value.join(''), type, style);
						break;
					case 'row':
						if (cells) {
							const filled: string[] = Array.from(cells, (c) => c ?? '');
							let end = filled.length;
							while (end > 0 && filled[end - 1] === '') end--;
							ready.push({ line, cells: end === filled.length ? filled : filled.slice(0, end) });
						}
						cells = null;
						break;
				}
			},
			text(text) {
				if (capture) value.push(text);
			}
		};
		const cellValue = (raw: string, t: string, s: number): string => {
			switch (t) {
				case 's':
					return (sharedStrings[Number(raw)] ?? '').normalize('NFC').trim();
				case 'inlineStr':
				case 'str':
					return raw.normalize('NFC').trim();
				case 'b':
					return raw === '1' || raw === 'true' ? 'true' : 'false';
				case 'e':
					return '';
				case 'd':
					return raw ? serialDateFromIso(raw) : '';
				default: {
					if (raw === '') return '';
					const n = Number(raw);
					if (Number.isNaN(n)) return raw.trim();
					return dateStyles.has(s) ? serialDate(n, date1904) : String(n);
				}
			}
		};
		try {
			for await (const _ of scan(stream, handlers, (bytes) => (inflated += bytes))) {
				if (ready.length) yield* ready.splice(0);
			}
		} finally {
			stream.destroy();
		}
	}

	return { rows: rows(), progress: () => (sheetEntry.size ? Math.min(1, inflated / sheetEntry.size) : 0) };
}

function serialDateFromIso(text: string): string {
	const date = new Date(text.endsWith('Z') ? text : text + 'Z');
	if (Number.isNaN(date.getTime())) return '';
	const iso = date.toISOString();
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
