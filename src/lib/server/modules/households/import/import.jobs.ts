import fs from 'node:fs';
import { can } from '../../../access/actor';
import { AppError, forbidden } from '../../../errors';
import { t, isMessageKey, type Locale } from '../../../../i18n';
import type { TableFile } from '../../../files/tabular-writer';
import { log } from '../../../log';
import type { Ctx } from '../households.context';
import { selectImportableUnits, selectImportRecord, selectImportRecords } from './import.repository';
import { rejectedRowsFile } from './import.rejected';
import { REJECTED_KEEP_DAYS, rejectedKeptUntil } from './import.retention';
import type { HouseholdImportStatus, HouseholdImportSummary, RejectedRows } from './import.schemas';
import { prepareHouseholdImport, type HouseholdImportOptions, type ImportOutcome, type ImportProgress } from './import.service';

/**
 * Imports started from the page or the API run in this server process after the request has
 * answered; the page then polls their progress. What a running import has done lives here, in
 * memory (a progress counter is no reason to write to the database); what it did in the end is
 * in household_imports. A dry run is never stored, so its outcome stays here for an hour.
 */

interface TrackedImport {
	id: string;
	unitCode: string;
	unitName: string;
	unitPath: string;
	dryRun: boolean;
	year: number;
	fileName: string;
	startedAt: Date;
	finishedAt: Date | null;
	progress: ImportProgress;
	outcome: ImportOutcome | null;
	error: AppError | null;
	settled: Promise<void>;
}

const KEEP_MS = 60 * 60 * 1000;
const HOLDER = Symbol.for('lantoa.householdImports');
type Holder = { [HOLDER]?: Map<string, TrackedImport> };
/** One registry per process (the dev server reloads modules; the imports keep running). */
const tracked: Map<string, TrackedImport> = ((globalThis as Holder)[HOLDER] ??= new Map());

function evictOld() {
	const now = Date.now();
	for (const [id, job] of tracked) if (job.finishedAt && now - job.finishedAt.getTime() > KEEP_MS) tracked.delete(id);
}

/**
 * Checks and opens an import of the file at `file` (a spooled upload, removed when the import
 * ends), then runs it in the background. A file that is not a list, a unit out of reach or a
 * year without a standard fails here, before anything runs. Returns the import's id.
 */
export async function startHouseholdImport(ctx: Ctx, file: string, options: HouseholdImportOptions): Promise<string> {
	evictOld();
	let prepared;
	try {
		prepared = await prepareHouseholdImport(ctx, { path: file }, options);
	} catch (err) {
		fs.rmSync(file, { force: true });
		throw err;
	}
	const job: TrackedImport = {
		id: prepared.id,
		unitCode: prepared.unit.code,
		unitName: prepared.unit.name,
		unitPath: prepared.unit.path,
		dryRun: prepared.dryRun,
		year: prepared.year,
		fileName: prepared.fileName,
		startedAt: new Date(),
		finishedAt: null,
		progress: { phase: 'reading', rowsRead: 0, rowsWritten: 0, rowsTotal: null, fraction: 0 },
		outcome: null,
		error: null,
		settled: Promise.resolve()
	};
	tracked.set(job.id, job);
	job.settled = prepared
		.run((p) => (job.progress = p))
		.then((outcome) => {
			job.outcome = outcome;
		})
		.catch((err: unknown) => {
			job.error = err instanceof AppError ? err : new AppError('INTERNAL', 'error.internal');
			if (!(err instanceof AppError)) log.error({ err, importId: job.id }, 'household import failed');
		})
		.finally(() => {
			job.finishedAt = new Date();
			fs.rmSync(file, { force: true });
		});
	return job.id;
}

/** Waits until a tracked import has finished (the API's `wait=true`). */
export async function settled(id: string): Promise<void> {
	await tracked.get(id)?.settled;
}

const percent = (fraction: number) => Math.round(fraction * 1000) / 10;
const stripRejected = (summary: HouseholdImportSummary & { rejected?: unknown }): HouseholdImportSummary => {
	const { rows, imported, updated, unchanged, duplicates, errors } = summary;
	return { rows, imported, updated, unchanged, duplicates, errors };
};
const rejectedUrl = (id: string, summary: HouseholdImportSummary | null) => (summary?.errors.length ? `/api/v1/households/import/${id}/rejected` : null);
const rowsOf = (errors: HouseholdImportSummary['errors']) => new Set(errors.map((e) => e.row)).size;

function statusOfTracked(job: TrackedImport, locale: Locale): HouseholdImportStatus {
	const summary = job.outcome?.summary ?? null;
	return {
		id: job.id,
		status: job.error ? 'failed' : job.outcome ? 'done' : 'running',
		phase: job.progress.phase,
		dryRun: job.dryRun,
		unitCode: job.unitCode,
		unitName: job.unitName,
		year: job.year,
		fileName: job.fileName,
		startedAt: job.startedAt.toISOString(),
		finishedAt: job.finishedAt?.toISOString() ?? null,
		rowsRead: job.progress.rowsRead,
		rowsWritten: job.progress.rowsWritten,
		rowsTotal: job.progress.rowsTotal,
		percent: percent(job.progress.fraction),
		live: true,
		error: job.error ? t(locale, job.error.messageKey, job.error.params) : null,
		summary,
		rejectedUrl: rejectedUrl(job.id, summary),
		rejectedRows: summary ? rowsOf(summary.errors) : 0,
		// A dry run stores nothing: its refused rows leave memory within the hour.
		rejectedKeptUntil: summary?.errors.length && job.finishedAt && !job.dryRun ? rejectedKeptUntil(job.finishedAt) : null,
		rejectedRemovedAt: null
	};
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Where an import stands: its progress while it runs, its summary once done. */
export async function getHouseholdImport(ctx: Ctx, id: string, locale: Locale): Promise<HouseholdImportStatus> {
	const job = tracked.get(id);
	if (job) {
		if (!can(ctx.actor, 'households.import', job.unitPath)) throw forbidden();
		return statusOfTracked(job, locale);
	}
	const found = isUuid(id) ? await selectImportRecord(ctx.db, id) : undefined;
	if (!found) throw new AppError('NOT_FOUND', 'householdImport.notFound');
	if (!can(ctx.actor, 'households.import', found.unitPath)) throw forbidden();
	const { record } = found;
	const stored = record.summary as
		| (HouseholdImportSummary & { error?: { key: string; params: Record<string, string | number> }; rejectedRows?: number; rejectedRemovedAt?: string })
		| null;
	const summary = record.status === 'done' && stored ? stripRejected(stored) : null;
	const error = stored?.error ? t(locale, isMessageKey(stored.error.key) ? stored.error.key : 'error.internal', stored.error.params) : null;
	return {
		id: record.id,
		status: record.status as HouseholdImportStatus['status'],
		phase: record.status === 'running' ? 'reading' : 'done',
		dryRun: false,
		unitCode: found.unitCode,
		unitName: found.unitName,
		year: record.year,
		fileName: record.fileName,
		startedAt: record.startedAt.toISOString(),
		finishedAt: record.finishedAt?.toISOString() ?? null,
		rowsRead: summary?.rows ?? 0,
		rowsWritten: summary ? summary.imported + summary.updated + summary.unchanged : 0,
		rowsTotal: summary ? summary.imported + summary.updated + summary.unchanged : null,
		percent: record.status === 'running' ? 0 : 100,
		// Recorded as running, but not by this process: another process runs it, or it was interrupted.
		live: false,
		error,
		summary,
		rejectedUrl: rejectedUrl(record.id, summary),
		rejectedRows: stored?.rejectedRows ?? (summary ? rowsOf(summary.errors) : 0),
		rejectedKeptUntil: summary?.errors.length && record.finishedAt ? rejectedKeptUntil(record.finishedAt) : null,
		rejectedRemovedAt: stored?.rejectedRemovedAt ?? null
	};
}

/** The rows an import refused, as an XLSX with a reason column. */
export async function getRejectedRows(ctx: Ctx, id: string, locale: Locale): Promise<TableFile> {
	const job = tracked.get(id);
	let rejected: RejectedRows | undefined;
	let errors: HouseholdImportSummary['errors'] = [];
	if (job) {
		if (!can(ctx.actor, 'households.import', job.unitPath)) throw forbidden();
		rejected = job.outcome?.rejected;
		errors = job.outcome?.summary.errors ?? [];
	} else {
		const found = isUuid(id) ? await selectImportRecord(ctx.db, id) : undefined;
		if (!found) throw new AppError('NOT_FOUND', 'householdImport.notFound');
		if (!can(ctx.actor, 'households.import', found.unitPath)) throw forbidden();
		const stored = found.record.summary as (HouseholdImportSummary & { rejected?: RejectedRows; rejectedRemovedAt?: string }) | null;
		if (stored?.rejectedRemovedAt)
			throw new AppError('NOT_FOUND', 'householdImport.rejectedRemoved', { date: stored.rejectedRemovedAt.slice(0, 10), days: REJECTED_KEEP_DAYS });
		rejected = stored?.rejected;
		errors = stored?.errors ?? [];
	}
	if (!rejected?.rows.length) throw new AppError('NOT_FOUND', 'householdImport.noRejected');
	return rejectedRowsFile(rejected, errors, locale);
}

/** The upload history of the units the actor may import into, newest first. */
export async function findHouseholdImports(ctx: Ctx, limit = 20) {
	const rows = await selectImportRecords(ctx.db, ctx.actor, limit);
	return rows.map((r) => ({
		id: r.id,
		fileName: r.fileName,
		unitCode: r.unitCode,
		unitName: r.unitName,
		year: r.year,
		status: r.status as HouseholdImportStatus['status'],
		live: tracked.has(r.id),
		startedAt: r.startedAt.toISOString(),
		finishedAt: r.finishedAt?.toISOString() ?? null,
		counts: r.counts,
		errorCount: r.errorCount
	}));
}

/** Units offered in a list on the upload page; beyond that many the page asks for a code. */
const LISTED_UNITS = 500;

/**
 * The communes and villages the actor may import into, each commune followed by its villages;
 * `complete` is false when there are too many to list (a province or the whole country).
 */
export async function importableUnits(ctx: Ctx) {
	const rows = await selectImportableUnits(ctx.db, ctx.actor, LISTED_UNITS + 1);
	return { units: rows.slice(0, LISTED_UNITS).map(({ code, name, level }) => ({ code, name, level })), complete: rows.length <= LISTED_UNITS };
}
