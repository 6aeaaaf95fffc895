import type { RawRow } from './tabular-stream';

/**
 * Finds the header of a list as offices keep it: a title, a date line and blank rows above the
 * header; the header anywhere in the first rows; merged cells that leave blanks; a group header
 * above sub-headers ("Năm sinh" over "Nam" / "Nữ"); a row numbering the columns (1), (2), (3)
 * under it. What a column means is for the caller to say (by its own names); this finds where
 * the header is and what each column is called.
 */

export interface HeaderColumn {
	/** Index in `RawRow.cells`. */
	index: number;
	/** The header as the sheet shows it; under a group, "Group – Sub-header". */
	label: string;
	/** The column's own header, folded (see `foldHeader`): the sub-header under a group. */
	name: string;
	/** The folded group header above it in a two-row header; null otherwise. */
	group: string | null;
}

export interface LocatedHeader {
	/** Sheet rows the header takes (one or two, and the column-number row when there is one). */
	lines: number[];
	columns: HeaderColumn[];
	/** Non-blank rows above the header (the list's title, place and date). */
	title: RawRow[];
}

export interface FindHeaderOptions {
	/** Non-blank rows searched for the header (default 40). */
	scanRows?: number;
	/** Recognised names a row needs to count as the header (default 2). */
	minMatches?: number;
}

/**
 * A header text compared loosely: without diacritics (NFC or NFD alike), lower case, "đ" as "d",
 * notes in parentheses and punctuation dropped, spaces collapsed. "Họ và tên chủ hộ (viết hoa)"
 * and "HO VA TEN CHU HO" both give "ho va ten chu ho".
 */
export function foldHeader(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/đ/g, 'd')
		.replace(/\([^)]*\)/g, ' ')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

const isBlank = (row: RawRow) => row.cells.every((c) => c === '');
const cell = (row: RawRow, i: number) => row.cells[i] ?? '';

/** Columns of `top` that start a merged group: a header cell with blanks to its right that `sub` fills. */
function groupStarts(top: RawRow, sub: RawRow): Map<number, number> {
	const spans = new Map<number, number>();
	const width = Math.max(top.cells.length, sub.cells.length);
	for (let i = 0; i < width; i++) {
		if (cell(top, i) === '' || cell(sub, i) === '') continue;
		let end = i;
		while (end + 1 < width && cell(top, end + 1) === '' && cell(sub, end + 1) !== '') end++;
		if (end > i) {
			spans.set(i, end);
			i = end;
		}
	}
	return spans;
}

/**
 * True when `sub` is the lower row of a two-row header under `top`: it has text only under
 * merged groups of `top` (or under blanks), and some group. A data row has values under plain
 * header cells too.
 */
function isSubHeader(top: RawRow, sub: RawRow): boolean {
	if (sub.line !== top.line + 1 || isBlank(sub)) return false;
	const spans = groupStarts(top, sub);
	if (!spans.size) return false;
	const covered = new Set<number>();
	for (const [start, end] of spans) for (let i = start; i <= end; i++) covered.add(i);
	return sub.cells.every((c, i) => c === '' || covered.has(i) || cell(top, i) === '');
}

/** "1 2 3 …", "(1) (2) (3) …" or "A B C …" under a header: the columns' numbers, not data. */
function isNumberingRow(row: RawRow): boolean {
	const values = row.cells.filter((c) => c !== '');
	if (values.length < 3 || !values.every((c) => /^\(?\s*(\d{1,3}|[A-Za-z])\s*\)?$/.test(c))) return false;
	const numbers = values.map((c) => c.replace(/[()\s]/g, '')).filter((c) => /^\d+$/.test(c)).map(Number);
	return numbers.every((n, i) => i === 0 || n > numbers[i - 1]);
}

function columnsOf(top: RawRow, sub: RawRow | null): HeaderColumn[] {
	const spans = sub ? groupStarts(top, sub) : new Map<number, number>();
	const groupOf = new Map<number, number>();
	for (const [start, end] of spans) for (let i = start; i <= end; i++) groupOf.set(i, start);
	const width = Math.max(top.cells.length, sub?.cells.length ?? 0);
	const columns: HeaderColumn[] = [];
	for (let i = 0; i < width; i++) {
		const group = groupOf.get(i);
		const lower = sub ? cell(sub, i) : '';
		if (group !== undefined) {
			const upper = cell(top, group);
			columns.push({ index: i, label: `${upper} – ${lower}`, name: foldHeader(lower), group: foldHeader(upper) });
		} else if (cell(top, i) !== '') {
			columns.push({ index: i, label: cell(top, i), name: foldHeader(cell(top, i)), group: null });
		} else if (lower !== '') {
			// A header cell merged downwards can carry its text in the lower row.
			columns.push({ index: i, label: lower, name: foldHeader(lower), group: null });
		}
	}
	return columns;
}

/**
 * Reads rows until the header: the row of the first `scanRows` with the most cells that
 * `isColumnName` recognises (folded text), with its group row above or sub-header row below.
 * Returns the header and the rows after it (the column-number row skipped), or null when no row
 * qualifies, so the caller can refuse a file that is not a list.
 */
export async function findHeader(
	source: AsyncIterable<RawRow>,
	isColumnName: (folded: string) => boolean,
	options: FindHeaderOptions = {}
): Promise<{ header: LocatedHeader; rows: AsyncIterable<RawRow> } | null> {
	const scanRows = options.scanRows ?? 40;
	const minMatches = options.minMatches ?? 2;
	const iterator = source[Symbol.asyncIterator]();
	const buffer: RawRow[] = [];
	let nonBlank = 0;
	let exhausted = false;
	// Two rows past the scan window, so a header on its last row still shows its sub-header and numbering.
	while (nonBlank < scanRows + 2) {
		const next = await iterator.next();
		if (next.done) {
			exhausted = true;
			break;
		}
		buffer.push(next.value);
		if (!isBlank(next.value)) nonBlank++;
	}
	const candidates = buffer.filter((r) => !isBlank(r)).slice(0, scanRows);
	const score = (row: RawRow) => row.cells.filter((c) => c !== '' && isColumnName(foldHeader(c))).length;
	let best: RawRow | null = null;
	let bestScore = 0;
	for (const row of candidates) {
		const s = score(row);
		if (s > bestScore) [best, bestScore] = [row, s];
	}
	if (!best || bestScore < minMatches) return null;

	const at = buffer.indexOf(best);
	let top = best;
	let sub: RawRow | null = null;
	const before = buffer[at - 1];
	const after = buffer[at + 1];
	if (before && score(before) > 0 && isSubHeader(before, best)) [top, sub] = [before, best];
	else if (after && isSubHeader(best, after)) sub = after;
	let end = buffer.indexOf(sub ?? top) + 1;
	const lines = [top.line, ...(sub ? [sub.line] : [])];
	while (end < buffer.length && isBlank(buffer[end])) end++;
	if (end < buffer.length && isNumberingRow(buffer[end])) lines.push(buffer[end++].line);

	const title = buffer.slice(0, buffer.indexOf(top)).filter((r) => !isBlank(r));
	const rest = buffer.slice(end);
	async function* rows(): AsyncGenerator<RawRow> {
		yield* rest;
		if (exhausted) return;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
	}
	return { header: { lines, columns: columnsOf(top, sub), title }, rows: rows() };
}
