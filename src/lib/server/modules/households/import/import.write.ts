import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { scopeCondition, type Actor } from '../../../access/actor';
import { recordChange } from '../../../audit/audit.service';
import type { PieceSink, Rejections, Spool, SpoolPiece } from './import.read';
import {
	analyseRegister,
	analyseStage,
	CHANGE_COLUMNS,
	createStage,
	decideStaged,
	flagStaged,
	keepStoredNames,
	probeRowByRow,
	refuseStaged,
	registerNeedsStatistics,
	selectNameCaseCandidates,
	selectStagedChanges,
	selectStagedProblems,
	stagePiece,
	writePiece,
	writeMatched
} from './import.stage';

/**
 * The second pass of an import, inside its one transaction, set-based. The checked rows come in
 * pieces of a few thousand (import.read.ts): each is loaded into a temporary staging table with
 * COPY, matched against the register, and its new households and their classifications
 * inserted. On PostgreSQL the pieces come while the file is still being read, so the database
 * writes one piece while the next is read. Once all are in, a few statements over the whole file
 * refuse what cannot be written, update and reclassify the households the rows named, and flag
 * look-alikes (import.stage.ts).
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
	/** Rows per piece. */
	batchSize: number;
	/** Told how many rows are written each time a piece is. */
	onWritten?: (rows: number) => void;
	/** Told how far the statements after the last piece have got, 0–1. */
	onFinishing?: (fraction: number) => void;
}

export interface WriteCounts {
	imported: number;
	updated: number;
	unchanged: number;
	duplicates: number;
}

/** A register whose statistics were gathered on fewer households is analysed once the first piece is in. */
const STATISTICS_ROWS = 10_000;

/** Pieces read ahead of the one being written: enough to keep the database busy, few enough to keep memory small. */
const READ_AHEAD = 2;

export class ImportWriter implements PieceSink {
	readonly rows: number;
	private readonly pending: Promise<void>[] = [];
	private failure: { error: unknown } | null = null;
	private stopped = false;
	private written = 0;
	private statisticsAfterFirstPiece = false;

	constructor(private readonly w: WriteContext) {
		this.rows = w.batchSize;
	}

	/** Creates the staging table; before any piece. */
	async begin(): Promise<void> {
		await createStage(this.w.tx);
		await probeRowByRow(this.w.tx, true);
		this.statisticsAfterFirstPiece = await registerNeedsStatistics(this.w.tx, STATISTICS_ROWS);
	}

	/**
	 * Queues a piece behind those already queued; returns once no more than READ_AHEAD wait, and
	 * throws as soon as an earlier piece has failed.
	 */
	async take(piece: SpoolPiece): Promise<void> {
		if (this.failure) throw this.failure.error;
		const previous = this.pending.at(-1) ?? Promise.resolve();
		const done = previous.then(() => this.write(piece));
		done.catch((error) => (this.failure ??= { error }));
		this.pending.push(done);
		while (this.pending.length > READ_AHEAD) await this.pending.shift();
	}

	private async write(piece: SpoolPiece): Promise<void> {
		const { tx, communePath, year, standardCode, actor } = this.w;
		for (const step of [() => stagePiece(tx, piece), () => writePiece(tx, piece, { communePath, year, standardCode, createdBy: actor.userId })]) {
			// Nothing more is sent once the reader has given up: the transaction is being rolled back.
			if (this.stopped) throw new Error('import stopped');
			await step();
		}
		if (this.statisticsAfterFirstPiece) {
			this.statisticsAfterFirstPiece = false;
			await analyseRegister(tx);
		}
		this.written += piece.rows;
		this.w.onWritten?.(this.written);
	}

	/** Waits for every queued piece; throws the first failure. */
	async drain(): Promise<void> {
		while (this.pending.length) await this.pending.shift();
		if (this.failure) throw this.failure.error;
	}

	/** After a failure elsewhere: sends nothing more and waits for the statement in flight. */
	async stop(): Promise<void> {
		this.stopped = true;
		await Promise.allSettled(this.pending.splice(0));
	}

	/**
	 * Once every piece is written: refuses what the register forbids, updates and reclassifies the
	 * households rows named, flags look-alikes and leaves the audit entry.
	 */
	async finish(spool: Spool, rejections: Rejections, rows: number): Promise<WriteCounts> {
		await this.drain();
		const w = this.w;
		const tell = (fraction: number) => w.onFinishing?.(fraction);
		await probeRowByRow(w.tx, false);
		await analyseStage(w.tx);
		await refuseStaged(w.tx, scopeCondition(w.actor, 'households.import', sql.raw('u.path')));
		const problems = await selectStagedProblems(w.tx);
		const cells = problems.length ? await spool.cellsOf(new Set(problems.map((p) => p.line))) : new Map<number, string[]>();
		for (const { problem_param, ...p } of problems.map((p) => ({ ...p, cells: cells.get(p.line) ?? [] }))) {
			if (p.problem === 'idAmbiguous') rejections.add(p.line, p.cells, w.labels.idNumber, 'householdImport.row.idAmbiguous', { count: problem_param ?? 0 });
			else if (p.problem === 'keyAmbiguous') rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.keyAmbiguous', { count: problem_param ?? 0 });
			else if (p.problem === 'outOfScope') rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.outOfScope');
			else rejections.add(p.line, p.cells, w.labels.name, 'householdImport.row.sameAsRow', { line: problem_param ?? 0 });
		}
		tell(0.2);
		// A name that differs only in letter case (lists typed in capitals) keeps the stored spelling;
		// told apart here, in Vietnamese, as the database's own lower() may not know the letters.
		const sameName = (await selectNameCaseCandidates(w.tx)).filter((c) => c.stored.toLocaleLowerCase('vi') === c.given.toLocaleLowerCase('vi'));
		await keepStoredNames(
			w.tx,
			sameName.map((c) => c.line)
		);
		await decideStaged(w.tx, w.year, w.standardCode);
		const counts = await writeMatched(w.tx, w.year, w.standardCode);
		tell(0.4);
		// Thousands of new households can make the register's statistics wrong enough for the planner
		// to scan it once per look-alike probe; fresh ones keep the next statement set-based.
		if (counts.imported >= 1000) await analyseRegister(w.tx);
		tell(0.5);
		const flags = await flagStaged(w.tx, w.communePath);
		tell(0.8);
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
				counts: { rows, ...counts, duplicates: flags.length, refused: rejections.count },
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
}
