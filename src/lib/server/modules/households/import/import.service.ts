import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { can } from '../../../access/actor';
import { AppError, forbidden, notFound } from '../../../errors';
import { t, type Locale, type MessageKey } from '../../../../i18n';
import { openRows, type RawRow, type RowReader, type TabularSource } from '../../../files/tabular-stream';
import { findHeader, type LocatedHeader } from '../../../files/tabular-header';
import { selectUnitByCode, type UnitRow } from '../../units/units.repository';
import { standardForYear } from '../households.classifications';
import type { Ctx } from '../households.context';
import { currentYear } from '../households.schemas';
import { categoryOfTitle, isHouseholdColumn, mapColumns, type ColumnMap } from './import.columns';
import { finishImportRecord, insertImportRecord, lockCommuneImports, selectVillagesUnder } from './import.repository';
import { readRows, type PieceSink, type ReadResult } from './import.read';
import type { RowContext } from './import.rows';
import type { HouseholdImportSummary, RejectedRows } from './import.schemas';
import { VillageResolver } from './import.villages';
import { writesWhileReading } from './import.stage';
import { ImportWriter } from './import.write';

/**
 * Imports a household list (the Excel or CSV file a commune keeps) into the register: `prepare`
 * checks who may import where, opens the file and finds its header, so a file that is not a
 * list is refused at once; `run` reads every row (no transaction open, so progress can be
 * shown even on the one-connection embedded database), then writes them all in ONE transaction,
 * in batches. A process killed midway leaves the register as it was.
 */

export interface HouseholdImportOptions {
	/** Code of the commune, or of one village. */
	unitCode: string;
	/** The year the categories are for (default: this year in Việt Nam). */
	year?: number;
	/** Read, check and count as a real import would, then roll everything back. */
	dryRun?: boolean;
	/** The name the file had, for the upload history. */
	fileName?: string;
	/** Language of the row messages (default Vietnamese). */
	locale?: Locale;
	/** Refuse larger files (default 10 MB; the command line allows more). */
	maxBytes?: number;
	/** Refuse lists with more data rows (default 200,000). */
	maxRows?: number;
	/** Rows per piece the write pass stages, matches and inserts at once (default 5,000). */
	batchSize?: number;
}

export type ImportPhase = 'reading' | 'writing' | 'done';

export interface ImportProgress {
	phase: ImportPhase;
	rowsRead: number;
	rowsWritten: number;
	/** Rows to write, known once the file has been read. */
	rowsTotal: number | null;
	/** 0–1: reading is the first half (by bytes of the file), writing the second. */
	fraction: number;
}

export interface ImportOutcome {
	summary: HouseholdImportSummary;
	rejected: RejectedRows;
	/**
	 * Milliseconds from the start to the end of reading the file, and from then to the end of
	 * writing (on PostgreSQL the rows are written while the file is read, so most of the writing
	 * is inside `readMs`).
	 */
	timings: { readMs: number; writeMs: number };
}

/** A checked, opened import waiting to run (see prepareHouseholdImport). */
export interface PreparedImport {
	/** The household_imports row (for a dry run: an id that is never stored). */
	id: string;
	dryRun: boolean;
	unit: UnitRow;
	year: number;
	fileName: string;
	header: LocatedHeader;
	run(onProgress?: (p: ImportProgress) => void): Promise<ImportOutcome>;
	/** Gives up before running: closes the file and records the import as failed. */
	abandon(): Promise<void>;
}

export const DEFAULT_IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_ROWS = 200_000;

/** Thrown inside the transaction of a dry run to roll it back with its counts intact. */
class DryRunRollback extends Error {}

async function sha256Of(source: TabularSource): Promise<string> {
	const hash = createHash('sha256');
	if (source instanceof Uint8Array) return hash.update(source).digest('hex');
	for await (const chunk of fs.createReadStream(source.path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

/** A whole file refused, with its reason in the details so the command line and the page show it. */
function refused(key: MessageKey, params: Record<string, string | number>, locale: Locale): AppError {
	return new AppError('VALIDATION', key, params, [{ message: t(locale, key, params) }]);
}

/**
 * Checks and opens an import: the unit exists and is a commune or a village the actor may import
 * into, the year has a poverty standard, the file is a spreadsheet with a household list's
 * header. For a real import it records the import as running in the upload history.
 */
export async function prepareHouseholdImport(ctx: Ctx, source: TabularSource, options: HouseholdImportOptions): Promise<PreparedImport> {
	const locale = options.locale ?? 'vi';
	const found = await selectUnitByCode(ctx.db, options.unitCode);
	if (!found) throw notFound('unit.notFound', { code: options.unitCode });
	const unit = found.unit;
	if (!can(ctx.actor, 'households.import', unit.path)) throw forbidden();
	if (unit.level !== 'commune' && unit.level !== 'village') throw refused('householdImport.unitLevel', { code: unit.code }, locale);
	const year = options.year ?? currentYear();
	const { standard, indicators } = await standardForYear(ctx.db, year);
	// A village's rows may name it or its siblings (to be told they belong elsewhere).
	const communePath = unit.level === 'village' ? unit.path.replace(/[^/]+\/$/, '') : unit.path;
	const villages = await selectVillagesUnder(ctx.db, communePath);

	const reader = await openRows(source, { maxBytes: options.maxBytes ?? DEFAULT_IMPORT_MAX_BYTES });
	let opened: Awaited<ReturnType<typeof findHeader>>;
	let columns: ColumnMap;
	let titleCategory: RowContext['titleCategory'] = null;
	try {
		opened = await findHeader(reader.rows, isHouseholdColumn);
		if (!opened) throw refused('householdImport.notList', {}, locale);
		columns = mapColumns(opened.header.columns, indicators);
		if (!columns.has('headName')) throw refused('householdImport.noNameColumn', {}, locale);
		if (!columns.has('category') && !columns.has('categoryFlag')) {
			const fromTitle = categoryOfTitle(opened.header.title.map((r) => r.cells.join(' ')));
			if (fromTitle === null || fromTitle === 'several') throw refused('householdImport.noCategory', {}, locale);
			titleCategory = fromTitle;
		}
	} catch (err) {
		reader.close();
		throw err;
	}

	const fileName = (options.fileName ?? ('path' in source ? source.path.split('/').pop()! : 'upload')).slice(0, 200);
	const id = randomUUID();
	const dryRun = options.dryRun ?? false;
	const sha256 = dryRun ? null : await sha256Of(source);
	if (sha256) {
		await insertImportRecord(ctx.db, { id, unitId: unit.id, fileName, sha256, year, createdBy: ctx.actor.userId });
	}
	const fixedVillage = unit.level === 'village' ? (villages.find((v) => v.id === unit.id) ?? null) : null;
	const rowContext: RowContext = {
		columns,
		maxBirthYear: currentYear(),
		villages: new VillageResolver(villages),
		indicators: indicators.map((i) => ({ code: i.code, nameVi: i.nameVi, sort: i.sort })),
		fixedVillage,
		titleCategory,
		villageLabel: t(locale, 'householdImport.column.village'),
		categoryLabel: t(locale, 'householdImport.column.category')
	};
	const header = opened.header;
	const fail = async (err: unknown) => {
		if (dryRun) return;
		const error = err instanceof AppError ? { key: err.messageKey, params: err.params } : { key: 'error.internal', params: {} };
		await finishImportRecord(ctx.db, id, 'failed', { error }).catch(() => {});
	};

	return {
		id,
		dryRun,
		unit,
		year,
		fileName,
		header,
		async abandon() {
			reader.close();
			await fail(new AppError('INTERNAL', 'error.internal'));
		},
		async run(onProgress) {
			try {
				return await execute({
					ctx,
					id,
					unitId: unit.id,
					fileName,
					sha256,
					dryRun,
					year,
					standardCode: standard.code,
					communePath,
					villageCodes: new Map(villages.map((v) => [v.id, v.code])),
					reader,
					rows: opened.rows,
					header,
					rowContext,
					locale,
					maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
					batchSize: options.batchSize ?? 5000,
					onProgress
				});
			} catch (err) {
				await fail(err);
				throw err;
			} finally {
				reader.close();
			}
		}
	};
}

interface Execution {
	ctx: Ctx;
	id: string;
	unitId: string;
	fileName: string;
	sha256: string | null;
	dryRun: boolean;
	year: number;
	standardCode: string;
	communePath: string;
	villageCodes: Map<string, string>;
	reader: RowReader;
	rows: AsyncIterable<RawRow>;
	header: LocatedHeader;
	rowContext: RowContext;
	locale: Locale;
	maxRows: number;
	batchSize: number;
	onProgress?: (p: ImportProgress) => void;
}

/** Share of the writing phase's bar for the pieces; the statements over the whole file take the rest. */
const PIECES_SHARE = 0.7;

/**
 * Reads and writes in one transaction. On PostgreSQL the file is read inside it, each piece of
 * rows written while the next is read; on the embedded database (one connection, in this thread)
 * the file is read first, with no transaction open, and the pieces written after.
 */
async function execute(x: Execution): Promise<ImportOutcome> {
	const progress: ImportProgress = { phase: 'reading', rowsRead: 0, rowsWritten: 0, rowsTotal: null, fraction: 0 };
	const tell = () => x.onProgress?.({ ...progress });
	const writingShare = () => (progress.rowsTotal ? PIECES_SHARE * Math.min(1, progress.rowsWritten / progress.rowsTotal) : 0);
	tell();
	const started = performance.now();
	let readMs = 0;
	const read = (sink?: PieceSink) =>
		readRows(x.rows, x.rowContext, x.header, {
			locale: x.locale,
			maxRows: x.maxRows,
			sink,
			onRows: (n) => {
				progress.rowsRead = n;
				progress.fraction = 0.5 * Math.min(1, x.reader.progress());
				tell();
			}
		}).then((result) => {
			readMs = performance.now() - started;
			Object.assign(progress, { phase: 'writing', rowsRead: result.rows, rowsTotal: result.spool.count, fraction: 0.5 + 0.5 * writingShare() });
			tell();
			return result;
		});
	// Read already (the embedded database), or read while writing, inside the transaction.
	let result: ReadResult | null = writesWhileReading(x.ctx.db) ? null : await read();
	let summary: HouseholdImportSummary | null = null;
	try {
		await x.ctx.db.transaction(async (tx) => {
			await lockCommuneImports(tx, x.communePath);
			const writer = new ImportWriter({
				tx,
				actor: x.ctx.actor,
				importId: x.id,
				unitId: x.unitId,
				communePath: x.communePath,
				year: x.year,
				standardCode: x.standardCode,
				file: { name: x.fileName, sha256: x.sha256 },
				labels: {
					name: x.rowContext.columns.field('headName')!.label,
					idNumber: x.rowContext.columns.field('idNumber')?.label ?? x.rowContext.columns.field('headName')!.label
				},
				batchSize: x.batchSize,
				// Rows count as written once their piece is in the register.
				onWritten: (rows) => {
					progress.rowsWritten = rows;
					if (progress.phase === 'writing') progress.fraction = 0.5 + 0.5 * writingShare();
					tell();
				},
				onFinishing: (fraction) => {
					progress.fraction = 0.5 + 0.5 * (PIECES_SHARE + (1 - PIECES_SHARE) * fraction);
					tell();
				}
			});
			await writer.begin();
			if (result) {
				for await (const piece of result.spool.pieces(x.batchSize)) await writer.take(piece);
			} else {
				try {
					result = await read(writer);
				} catch (err) {
					await writer.stop();
					throw err;
				}
			}
			const counts = await writer.finish(result.spool, result.rejections, result.rows);
			progress.rowsWritten = result.spool.count;
			summary = { rows: result.rows, ...counts, errors: result.rejections.sorted() };
			if (x.dryRun) throw new DryRunRollback();
			// The refused rows' details are removed after REJECTED_KEEP_DAYS (import.retention.ts); their count stays.
			await finishImportRecord(tx, x.id, 'done', { ...summary, rejectedRows: result.rejections.count, rejected: result.rejections.rejected() });
		});
	} catch (err) {
		if (!(err instanceof DryRunRollback)) throw err;
	} finally {
		result?.spool.remove();
	}
	Object.assign(progress, { phase: 'done', fraction: 1 });
	tell();
	return { summary: summary!, rejected: result!.rejections.rejected(), timings: { readMs, writeMs: performance.now() - started - readMs } };
}

/** Prepares and runs an import in one go (the command line; tests). */
export async function importHouseholds(
	ctx: Ctx,
	source: TabularSource,
	options: HouseholdImportOptions & { onProgress?: (p: ImportProgress) => void }
): Promise<ImportOutcome & { id: string }> {
	const prepared = await prepareHouseholdImport(ctx, source, options);
	return { id: prepared.id, ...(await prepared.run(options.onProgress)) };
}
