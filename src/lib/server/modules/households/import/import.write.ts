import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { scopeCondition, type Actor } from '../../../access/actor';
import { recordChange } from '../../../audit/audit.service';
import type { Rejections, Spool } from './import.read';
import { analyseRegister, CHANGE_COLUMNS, createStage, decideStaged, flagStaged, keepStoredNames, matchStaged, selectNameCaseCandidates, selectStagedChanges, selectStagedProblems, stageSpool, writeStaged } from './import.stage';

/**
 * The second pass of an import, inside its one transaction, set-based: the spooled rows are
 * loaded into a temporary staging table with COPY, then matched, checked, written,
 * classified and flagged for the whole file in a few statements (import.stage.ts).
 *
 * The import leaves ONE audit entry (`household.import`), with the file's name and sha256, the
 * counts, and what it did to each household in compact form, one line of text per household
 * (import.stage.ts CHANGE_COLUMNS): the households created (id, row, village, category), updated
 * (id, row, fields changed, village moved from and to), reclassified (id, row, category before
 * and after), and the duplicate flags opened. Field names and codes
 * only, never personal values, as in every other entry. One entry per household (and per flag)
 * cost a quarter of the write pass for 100,000 rows.
 */

export interface WriteContext {
	tx: Db;
	actor: Actor;
	importId: string;
	/** The unit imported into (commune or village), for the audit entry's scope. */
	unitId: string;
	/** Path of the commune: ID numbers match anywhere in it. */
	communePath: string;
	year: number;
	standardCode: string;
	file: { name: string; sha256: string | null };
	labels: { name: string; idNumber: string };
	rejections: Rejections;
	/** Rows per COPY while loading the staging table on PGlite (PostgreSQL takes the spool in one). */
	batchSize: number;
	/** Told how far the pass has got, 0–1. */
	onProgress?: (fraction: number, rowsStaged: number) => void;
}

export interface WriteCounts {
	imported: number;
	updated: number;
	unchanged: number;
	duplicates: number;
}

/** Share of the write pass spent loading the staging table (for the progress bar). */
const LOAD_SHARE = 0.4;

export async function writeAll(w: WriteContext, spool: Spool, rows: number): Promise<WriteCounts> {
	const tell = (fraction: number, staged: number) => w.onProgress?.(fraction, staged);
	await createStage(w.tx);
	let staged = 0;
	await stageSpool(w.tx, spool, w.batchSize, (rows) => {
		staged = rows;
		tell(LOAD_SHARE * (staged / Math.max(1, spool.count)), staged);
	});
	await matchStaged(w.tx, w.communePath, scopeCondition(w.actor, 'households.import', sql.raw('u.path')));
	const problems = await selectStagedProblems(w.tx);
	const cells = problems.length ? await spool.cellsOf(new Set(problems.map((p) => p.line))) : new Map<number, string[]>();
	for (const { problem_param, ...p } of problems.map((p) => ({ ...p, cells: cells.get(p.line) ?? [] }))) {
		if (p.problem === 'idAmbiguous') w.rejections.add(p.line, p.cells, w.labels.idNumber, 'householdImport.row.idAmbiguous', { count: problem_param ?? 0 });
		else if (p.problem === 'keyAmbiguous') w.rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.keyAmbiguous', { count: problem_param ?? 0 });
		else if (p.problem === 'outOfScope') w.rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.outOfScope');
		else w.rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.sameAsRow', { line: problem_param ?? 0 });
	}
	tell(0.55, staged);
	// A name that differs only in letter case (lists typed in capitals) keeps the stored spelling;
	// told apart here, in Vietnamese, as the database's own lower() may not know the letters.
	const sameName = (await selectNameCaseCandidates(w.tx)).filter((c) => c.stored.toLocaleLowerCase('vi') === c.given.toLocaleLowerCase('vi'));
	await keepStoredNames(
		w.tx,
		sameName.map((c) => c.line)
	);
	await decideStaged(w.tx, w.year, w.standardCode);
	tell(0.65, staged);
	const counts = await writeStaged(w.tx, w.year, w.standardCode, w.actor.userId);
	// Thousands of new households can make the register's statistics wrong enough for the planner
	// to scan it once per look-alike probe; fresh ones keep the next statement set-based.
	if (counts.imported >= 1000) await analyseRegister(w.tx);
	tell(0.85, staged);
	const flags = await flagStaged(w.tx, w.communePath);
	tell(0.95, staged);
	const changes = await selectStagedChanges(w.tx);
	// An import that changed nothing (the same file again) leaves the audit trail as it was; the
	// upload history still records it.
	if (!changes.created && !changes.updated && !changes.classified && !flags.length) return { ...counts, duplicates: 0 };
	await recordChange(w.tx, w.actor, {
		action: 'household.import',
		entityType: 'household_import',
		entityId: w.importId,
		unitId: w.unitId,
		after: {
			file: w.file,
			year: w.year,
			counts: { rows, ...counts, duplicates: flags.length, refused: w.rejections.count },
			columns: CHANGE_COLUMNS,
			created: changes.created,
			updated: changes.updated,
			classified: changes.classified,
			flagged: flags.map((f) => `${f.id} ${f.household_id} ${f.other_household_id} ${f.reason}`).join('\n')
		},
		context: { source: 'import', importId: w.importId }
	});
	return { ...counts, duplicates: flags.length };
}
