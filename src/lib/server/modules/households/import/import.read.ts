import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import { AppError } from '../../../errors';
import { t, type Locale, type MessageKey } from '../../../../i18n';
import type { RawRow } from '../../../files/tabular-stream';
import { removeOrphanTempFiles, tempFileName } from '../../../files/upload';
import type { LocatedHeader } from '../../../files/tabular-header';
import { readRow, type ParsedRow, type RowContext, type RowState } from './import.rows';
import type { HouseholdImportProblem, RejectedRows } from './import.schemas';

/**
 * The first pass of an import: every row of the file read and checked, with no database
 * transaction open. Good rows go to spool files on disk (as COPY text, and their cells as JSON
 * lines), so 100,000 rows never sit in memory as objects; bad rows are kept with their cells for the rejected-rows file.
 */

export interface SpoolEntry {
	row: ParsedRow;
	/** The row's cells as the file had them (for the rejected-rows file, should the write refuse it). */
	cells: string[];
}

/** Collects refused rows: messages in the import's language, cells as the file had them. */
export class Rejections {
	readonly errors: HouseholdImportProblem[] = [];
	private readonly rows = new Map<number, string[]>();

	constructor(
		private readonly header: LocatedHeader,
		private readonly locale: Locale
	) {}

	add(line: number, cells: string[], column: string, key: MessageKey, params?: Record<string, string | number>) {
		this.errors.push({ row: line, column, message: t(this.locale, key, params) });
		if (!this.rows.has(line)) this.rows.set(line, cells);
	}

	get count(): number {
		return this.rows.size;
	}

	/** The header labels in column order and each refused row's cells, in file order. */
	rejected(): RejectedRows {
		const width = Math.max(0, ...this.header.columns.map((c) => c.index + 1), ...[...this.rows.values()].map((c) => c.length));
		const labels = Array.from({ length: width }, (_, i) => this.header.columns.find((c) => c.index === i)?.label ?? '');
		const rows = [...this.rows.entries()].sort(([a], [b]) => a - b).map(([row, cells]) => ({ row, cells }));
		return { header: labels, rows };
	}

	/** Errors in file order (a row's problems in column order as found). */
	sorted(): HouseholdImportProblem[] {
		return [...this.errors].sort((a, b) => a.row - b.row);
	}
}

/** Spools hold personal data: one left by a killed process is removed by the next import. */
export const SPOOL_PREFIX = 'lantoa-import-';

/** The staging table's columns, in the order of a spooled row (import.stage.ts loads them with COPY). */
export const SPOOL_COLUMNS = 'line, village_id, head_name, head_name_norm, birth_year, sex, id_number, address, members, ethnicity, language, phone, notes, category, lacking';

/** A value in COPY's text format. */
function copyText(value: string | number | null): string {
	if (value === null) return '\\N';
	if (typeof value === 'number') return String(value);
	if (!/[\\\t\n\r]/.test(value)) return value;
	return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal: every element quoted. */
const arrayLiteral = (values: string[]) => '{' + values.map((v) => '"' + v.replace(/["\\]/g, (c) => '\\' + c) + '"').join(',') + '}';

/** A checked row as one line of COPY text, its columns as SPOOL_COLUMNS. */
export function spoolLine(r: ParsedRow): string {
	return (
		[r.line, r.villageId, r.headName, r.headNameNorm, r.birthYear, r.sex, r.idNumber, r.address, r.members, r.ethnicity, r.language, r.phone, r.notes, r.category, r.lacking ? arrayLiteral(r.lacking) : null]
			.map(copyText)
			.join('\t') + '\n'
	);
}

/** An append-only file written in large pieces. */
class SpoolFile {
	private readonly out: fs.WriteStream;
	private pending: string[] = [];

	constructor(readonly path: string) {
		this.out = fs.createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
	}

	async add(text: string): Promise<void> {
		this.pending.push(text);
		if (this.pending.length >= 500) await this.flush();
	}

	private async flush(): Promise<void> {
		if (!this.pending.length) return;
		const text = this.pending.join('');
		this.pending = [];
		if (!this.out.write(text)) await once(this.out, 'drain');
	}

	async close(): Promise<void> {
		await this.flush();
		this.out.end();
		await once(this.out, 'finish');
	}

	destroy(): void {
		this.out.destroy();
		fs.rmSync(this.path, { force: true });
	}
}

/** A run of spooled rows, as COPY text, with the first and last of their lines in the file. */
export interface SpoolPiece {
	text: string;
	rows: number;
	first: number;
	last: number;
}

/** Where the good rows go as they are read: handed on in pieces (the write pass takes them while the file is still being read). */
export interface PieceSink {
	rows: number;
	take(piece: SpoolPiece): Promise<void>;
}

const lineOf = (copyLine: string) => Number(copyLine.slice(0, copyLine.indexOf('\t')));

/**
 * Good rows, readable by this user only: each row's cells as the file had them go to disk (read
 * back only for the rows the write pass refuses), and the rows themselves as COPY text either to
 * a `sink` in pieces as they are read, or, without one, to a second file the write pass reads
 * back in pieces once the file has been read.
 */
export class Spool {
	private readonly rows: SpoolFile | null;
	private readonly cells = new SpoolFile(tempFileName(SPOOL_PREFIX, '.jsonl'));
	private piece: string[] = [];
	private pieceFirst = 0;
	count = 0;

	constructor(private readonly sink?: PieceSink) {
		this.rows = sink ? null : new SpoolFile(tempFileName(SPOOL_PREFIX, '.tsv'));
	}

	async add(entry: SpoolEntry): Promise<void> {
		const line = spoolLine(entry.row);
		this.count++;
		await this.cells.add(entry.row.line + '\t' + JSON.stringify(entry.cells) + '\n');
		if (!this.sink) return this.rows!.add(line);
		if (!this.piece.length) this.pieceFirst = entry.row.line;
		this.piece.push(line);
		if (this.piece.length >= this.sink.rows) await this.handOn(entry.row.line);
	}

	private async handOn(last: number): Promise<void> {
		const piece = { text: this.piece.join(''), rows: this.piece.length, first: this.pieceFirst, last };
		this.piece = [];
		await this.sink!.take(piece);
	}

	async close(): Promise<void> {
		if (this.piece.length) await this.handOn(lineOf(this.piece[this.piece.length - 1]));
		await this.rows?.close();
		await this.cells.close();
	}

	/** The rows file in pieces of whole lines, `size` rows at most each (a spool without a sink). */
	async *pieces(size: number): AsyncGenerator<SpoolPiece> {
		if (!this.rows) return;
		const lines = readline.createInterface({ input: fs.createReadStream(this.rows.path, { encoding: 'utf8' }), crlfDelay: Infinity });
		let piece: string[] = [];
		const cut = () => ({ text: piece.join('\n') + '\n', rows: piece.length, first: lineOf(piece[0]), last: lineOf(piece[piece.length - 1]) });
		for await (const line of lines) {
			if (!line) continue;
			piece.push(line);
			if (piece.length >= size) {
				yield cut();
				piece = [];
			}
		}
		if (piece.length) yield cut();
	}

	/** The cells of the given rows (by line), read back from the file. */
	async cellsOf(wanted: Set<number>): Promise<Map<number, string[]>> {
		const found = new Map<number, string[]>();
		const lines = readline.createInterface({ input: fs.createReadStream(this.cells.path, { encoding: 'utf8' }), crlfDelay: Infinity });
		for await (const text of lines) {
			const tab = text.indexOf('\t');
			const line = Number(text.slice(0, tab));
			if (wanted.has(line)) found.set(line, JSON.parse(text.slice(tab + 1)) as string[]);
		}
		return found;
	}

	remove(): void {
		this.rows?.destroy();
		this.cells.destroy();
	}
}

export interface ReadResult {
	rows: number;
	spool: Spool;
	rejections: Rejections;
}

/**
 * Reads every data row: checks it, refuses a row that repeats a household earlier in the file
 * (the same ID number, or the same name, birth year and village where the ID numbers do not tell
 * them apart), and spools the rest (handing them to `sink` in pieces, if given). `onRows` is
 * told the count now and then, for progress.
 */
export async function readRows(
	rows: AsyncIterable<RawRow>,
	ctx: RowContext,
	header: LocatedHeader,
	opts: { locale: Locale; maxRows: number; onRows?: (count: number) => void; sink?: PieceSink }
): Promise<ReadResult> {
	removeOrphanTempFiles(SPOOL_PREFIX);
	const spool = new Spool(opts.sink);
	const rejections = new Rejections(header, opts.locale);
	const state: RowState = { sectionVillage: null, pastFooter: false };
	// Kept small, for 100,000 rows: the first line of each ID number, and of each (village, name,
	// birth year), negative when some row with that key had no ID number.
	const firstWithId = new Map<string, number>();
	const firstWithKey = new Map<string, number>();
	const villageIndex = new Map<string, number>();
	const nameLabel = ctx.columns.field('headName')!.label;
	const idLabel = ctx.columns.field('idNumber')?.label ?? nameLabel;
	let count = 0;
	try {
		for await (const raw of rows) {
			const outcome = readRow(raw, ctx, state);
			if (outcome.kind === 'skip' || outcome.kind === 'section') continue;
			if (++count > opts.maxRows) throw new AppError('PAYLOAD_TOO_LARGE', 'file.table.tooManyRows', { max: opts.maxRows });
			if (count % 1000 === 0) opts.onRows?.(count);
			if (outcome.kind === 'error') {
				for (const p of outcome.problems) rejections.add(raw.line, raw.cells, p.column, p.key, p.params);
				continue;
			}
			const row = outcome.row;
			let village = villageIndex.get(row.villageId);
			if (village === undefined) villageIndex.set(row.villageId, (village = villageIndex.size));
			const key = `${village}|${row.headNameNorm}|${row.birthYear ?? ''}`;
			const sameKey = firstWithKey.get(key);
			if (row.idNumber && firstWithId.has(row.idNumber)) {
				rejections.add(raw.line, raw.cells, idLabel, 'householdImport.row.repeatId', { line: firstWithId.get(row.idNumber)! });
				continue;
			}
			// The same head, birth year and village is the same household unless ID numbers tell them apart.
			if (sameKey !== undefined && (!row.idNumber || sameKey < 0)) {
				rejections.add(raw.line, raw.cells, nameLabel, 'householdImport.row.repeatHousehold', { line: Math.abs(sameKey) });
				continue;
			}
			if (row.idNumber) firstWithId.set(row.idNumber, raw.line);
			if (sameKey === undefined) firstWithKey.set(key, row.idNumber ? raw.line : -raw.line);
			await spool.add({ row, cells: raw.cells });
		}
		await spool.close();
	} catch (err) {
		spool.remove();
		throw err;
	}
	opts.onRows?.(count);
	return { rows: count, spool, rejections };
}
