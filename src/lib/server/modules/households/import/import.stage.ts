import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { escapeLike } from '../../../access/actor';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SPOOL_COLUMNS, type SpoolPiece } from './import.read';

/**
 * The SQL of an import's write pass, set-based: the checked rows go into a temporary staging
 * table (dropped when the transaction ends) a piece of a few thousand rows at a time; each piece
 * is matched against the register and its new households inserted at once. Then a handful of
 * statements refuse what cannot be written, update, reclassify and flag look-alikes for the
 * whole file. Everything runs in the caller's one transaction.
 */

/** Both drivers answer a raw statement with `{ rows }`. */
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

export const STAGE = 'household_import_rows';
const stage = sql.raw(STAGE);

export async function createStage(db: Db): Promise<void> {
	// On PostgreSQL the import's sorts and hashes of the whole file stay in memory rather than
	// spilling to disk (4 MB by default); the embedded database keeps its default, for its memory.
	if (pgClientOf(db)) await db.execute(sql`SET LOCAL work_mem = '64MB'`);
	await db.execute(sql`
		CREATE TEMP TABLE ${stage} (
			line int PRIMARY KEY, village_id uuid NOT NULL, head_name text NOT NULL, head_name_norm text NOT NULL, birth_year int, sex text,
			id_number text, address text, members int, ethnicity text, language text, phone text, notes text, category text NOT NULL,
			lacking text[],
			-- filled by the statements below
			n_id int NOT NULL DEFAULT 0, n_key int NOT NULL DEFAULT 0, target_id uuid, problem text, problem_param int,
			new_id uuid DEFAULT gen_random_uuid(), keep_name boolean NOT NULL DEFAULT false, changed text[], moved boolean NOT NULL DEFAULT false, old_unit_id uuid,
			old_category text, new_lacking text[], reclassify boolean NOT NULL DEFAULT false
		) ON COMMIT DROP`);
}

/** The driver's own client under a drizzle database or transaction. */
const clientOf = (db: Db) => (db as unknown as { session?: { client?: Record<string, unknown> } }).session?.client;

/** The raw PGlite transaction under a drizzle one, when the database is the embedded one. */
function pgliteOf(db: Db): { query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown> } | null {
	const client = clientOf(db);
	return client && typeof client.query === 'function' && typeof client.rollback === 'function' && !('release' in client) ? (client as never) : null;
}

/** The pooled node-postgres client under a drizzle transaction on PostgreSQL. */
function pgClientOf(db: Db): PoolClient | null {
	const client = clientOf(db);
	return client && typeof client.query === 'function' && 'release' in client ? (client as unknown as PoolClient) : null;
}

/**
 * One piece of the spooled rows into the staging table with COPY, as the spool holds them (COPY
 * text): on PostgreSQL through `COPY … FROM STDIN`, on PGlite `COPY … FROM '/dev/blob'`.
 */
export async function stagePiece(db: Db, piece: SpoolPiece): Promise<void> {
	const pg = pgClientOf(db);
	if (pg) {
		await pipeline(Readable.from([piece.text]), pg.query(copyFrom(`COPY ${STAGE} (${SPOOL_COLUMNS}) FROM STDIN`)));
		return;
	}
	const pglite = pgliteOf(db);
	if (!pglite) throw new Error('stagePiece: neither a PostgreSQL nor a PGlite transaction');
	await pglite.query(`COPY ${STAGE} (${SPOOL_COLUMNS}) FROM '/dev/blob'`, [], { blob: new Blob([piece.text]) });
}

/**
 * Whether rows can be written while the file is still being read: on PostgreSQL the database
 * works in its own process, so reading the next piece and writing the last overlap; the embedded
 * database runs in this thread, and its one connection stays free while the file is read.
 */
export function writesWhileReading(db: Db): boolean {
	const client = clientOf(db);
	return !!client && !('waitReady' in client);
}

/**
 * Writes a staged piece (lines `first`–`last`) in one statement. First it finds the registered
 * household each row is: the same ID number in the commune, else the same normalised name and
 * birth year (both unknown counts as the same) in the same village when the ID numbers do not
 * contradict each other; merged-away records are never matched. A matched row loses the id it
 * would have had as a new household (the statements after the last piece deal with it). The
 * other rows are inserted as new households, with their classifications of `year`.
 *
 * Earlier pieces' new households are in the register by then, and cannot be matched: the read
 * pass refused any row that repeats an earlier one by ID number, or by name, birth year and village
 * unless both rows have (different) ID numbers, which the name branch requires to agree.
 * The planner probes the register's btree indexes row by row, given statistics of the register
 * (see registerNeedsStatistics) and bitmap scans turned off (see probeRowByRow). The new rows
 * are those NOT IN the matched ones, a hashed look-up: NOT EXISTS became a nested loop over the
 * matches, which the planner cannot count beforehand (1.3 s a piece when every row matched).
 */
export async function writePiece(
	db: Db,
	piece: Pick<SpoolPiece, 'first' | 'last'>,
	w: { communePath: string; year: number; standardCode: string; createdBy: string | null }
): Promise<void> {
	const inPiece = sql`r.line BETWEEN ${piece.first} AND ${piece.last}`;
	await db.execute(sql`
		WITH m AS (
			SELECT r.line, 'id' AS via, h.id FROM ${stage} r
			JOIN households h ON h.id_number = r.id_number
			WHERE ${inPiece} AND r.id_number IS NOT NULL AND h.merged_into_id IS NULL
			UNION ALL
			SELECT r.line, 'key', h.id FROM ${stage} r
			JOIN households h ON h.unit_id = r.village_id AND h.head_name_norm = r.head_name_norm AND coalesce(h.birth_year, 0) = coalesce(r.birth_year, 0)
			WHERE ${inPiece} AND h.merged_into_id IS NULL AND (r.id_number IS NULL OR h.id_number IS NULL OR h.id_number = r.id_number)
		), agg AS (
			SELECT m.line, count(*) FILTER (WHERE m.via = 'id')::int AS n_id, count(*) FILTER (WHERE m.via = 'key')::int AS n_key,
				coalesce(min(m.id::text) FILTER (WHERE m.via = 'id'), min(m.id::text) FILTER (WHERE m.via = 'key'))::uuid AS target_id
			FROM m
			JOIN households h ON h.id = m.id
			JOIN units u ON u.id = h.unit_id AND u.path LIKE ${escapeLike(w.communePath) + '%'}
			GROUP BY m.line
		), matched AS (
			UPDATE ${stage} r SET n_id = agg.n_id, n_key = agg.n_key, target_id = agg.target_id, new_id = NULL FROM agg WHERE agg.line = r.line
		), added AS (
			INSERT INTO households (id, unit_id, head_name, head_name_norm, birth_year, sex, id_number, address, members, ethnicity, language, phone, notes, created_by)
			SELECT new_id, village_id, head_name, head_name_norm, birth_year, sex, id_number, address, members, ethnicity, language, phone, notes, ${w.createdBy}::uuid
			FROM ${stage} r WHERE ${inPiece} AND r.line NOT IN (SELECT line FROM agg) ORDER BY r.line
		)
		INSERT INTO household_classifications (household_id, year, category, standard_code, lacking)
		SELECT new_id, ${w.year}::int, category, ${w.standardCode}, coalesce(lacking, '{}')
		FROM ${stage} r WHERE ${inPiece} AND r.line NOT IN (SELECT line FROM agg) ORDER BY r.line`);
}

/**
 * Bitmap scans off while the pieces are written (`on` false), on again for the statements over the
 * whole file. The trigram index of names answers equality too, and the planner, thinking it cheap,
 * took it for the name branch of the matching, reading the long lists of households sharing "ngu",
 * "guy", "uye"… for every row (20 s a piece); without bitmap scans it cannot use that index, and
 * probes the btree (village, name, birth year) instead.
 */
export async function probeRowByRow(db: Db, on: boolean): Promise<void> {
	await db.execute(sql`SELECT set_config('enable_bitmapscan', ${on ? 'off' : 'on'}, true)`);
}

/**
 * Whether the register's planner statistics could mislead the matching of the next pieces: never
 * gathered, or gathered on fewer than `rows` households. Without them (a register analysed when
 * empty, then filled by the first pieces) the planner takes "no merged-away record" for a rare
 * condition and the register for a handful of rows, and matched each piece by comparing every
 * row with every household: minutes for 100,000 rows.
 */
export async function registerNeedsStatistics(db: Db, rows: number): Promise<boolean> {
	const [row] = rowsOf<{ analysed: number }>(await db.execute(sql`SELECT reltuples::float8 AS analysed FROM pg_class WHERE oid = 'households'::regclass`));
	return !row || row.analysed < rows;
}

/**
 * Once every piece is matched, refuses, in this order, a row whose ID number or name matches
 * several households, a row naming a household outside `inScope` (the importer's reach, on
 * `u.path`), and a row naming a household an earlier row of the file already named.
 */
export async function refuseStaged(db: Db, inScope: SQL): Promise<void> {
	await db.execute(sql`
		UPDATE ${stage} SET problem = CASE WHEN n_id > 1 THEN 'idAmbiguous' ELSE 'keyAmbiguous' END,
			problem_param = CASE WHEN n_id > 1 THEN n_id ELSE n_key END, target_id = NULL
		WHERE n_id > 1 OR (n_id = 0 AND n_key > 1)`);
	await db.execute(sql`
		UPDATE ${stage} r SET problem = 'outOfScope', target_id = NULL
		FROM households h JOIN units u ON u.id = h.unit_id
		WHERE h.id = r.target_id AND NOT (${inScope})`);
	await db.execute(sql`
		WITH firsts AS (
			SELECT line, min(line) OVER (PARTITION BY target_id) AS first FROM ${stage} WHERE target_id IS NOT NULL AND problem IS NULL
		)
		UPDATE ${stage} r SET problem = 'sameAsRow', problem_param = f.first, target_id = NULL
		FROM firsts f WHERE f.line = r.line AND f.first < r.line`);
}

/** Planner statistics of the staging table, for the statements over the whole file. */
export async function analyseStage(db: Db): Promise<void> {
	await db.execute(sql`ANALYZE ${stage} (village_id, head_name_norm, birth_year, id_number, target_id, new_id, problem)`);
}

export interface StagedProblem {
	line: number;
	problem: 'idAmbiguous' | 'keyAmbiguous' | 'outOfScope' | 'sameAsRow';
	problem_param: number | null;
}

/** The rows refused by matchStaged, in file order. */
export async function selectStagedProblems(db: Db): Promise<StagedProblem[]> {
	return rowsOf<StagedProblem>(await db.execute(sql`SELECT line, problem, problem_param FROM ${stage} WHERE problem IS NOT NULL ORDER BY line`));
}

/** Rows whose name differs from the registered one only perhaps in letter case (the caller decides, in Vietnamese). */
export async function selectNameCaseCandidates(db: Db): Promise<{ line: number; stored: string; given: string }[]> {
	return rowsOf(
		await db.execute(sql`
			SELECT r.line, h.head_name AS stored, r.head_name AS given FROM ${stage} r JOIN households h ON h.id = r.target_id
			WHERE r.problem IS NULL AND h.head_name <> r.head_name AND h.head_name_norm = r.head_name_norm`)
	);
}

export async function keepStoredNames(db: Db, lines: number[]): Promise<void> {
	if (lines.length) await db.execute(sql`UPDATE ${stage} SET keep_name = true WHERE line = ANY(${`{${lines.join(',')}}`}::int[])`);
}

/** `a` and `b` hold the same codes, in any order. */
const sameCodes = (a: SQL, b: SQL) =>
	sql`(SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(${a}) x) = (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(${b}) x)`;

/** The household after a row: what the row gives, what was stored where its cell was blank. */
const merged = {
	headName: sql`CASE WHEN r.keep_name THEN h.head_name ELSE r.head_name END`,
	headNameNorm: sql`CASE WHEN r.keep_name THEN h.head_name_norm ELSE r.head_name_norm END`,
	birthYear: sql`coalesce(r.birth_year, h.birth_year)`,
	sex: sql`coalesce(r.sex, h.sex)`,
	idNumber: sql`coalesce(r.id_number, h.id_number)`,
	address: sql`coalesce(r.address, h.address)`,
	members: sql`coalesce(r.members, h.members)`,
	ethnicity: sql`coalesce(r.ethnicity, h.ethnicity)`,
	language: sql`coalesce(r.language, h.language)`,
	phone: sql`coalesce(r.phone, h.phone)`,
	notes: sql`coalesce(r.notes, h.notes)`
};
const stored: Record<Exclude<keyof typeof merged, 'headNameNorm'>, SQL> = {
	headName: sql`h.head_name`,
	birthYear: sql`h.birth_year`,
	sex: sql`h.sex`,
	idNumber: sql`h.id_number`,
	address: sql`h.address`,
	members: sql`h.members`,
	ethnicity: sql`h.ethnicity`,
	language: sql`h.language`,
	phone: sql`h.phone`,
	notes: sql`h.notes`
};

/**
 * Decides, for the rows matched to a household: which fields change (in the order of `stored`),
 * whether it moves village, and whether its classification of `year` changes (category,
 * standard, or the lacking indicators as a set; a row silent on them keeps those recorded).
 */
export async function decideStaged(db: Db, year: number, standardCode: string): Promise<void> {
	const changed = sql.join(
		Object.entries(stored).map(([field, before]) => sql`CASE WHEN ${before} IS DISTINCT FROM ${merged[field as keyof typeof stored]} THEN ${field} END`),
		sql`, `
	);
	await db.execute(sql`
		UPDATE ${stage} r SET changed = array_remove(ARRAY[${changed}]::text[], NULL), moved = r.village_id <> h.unit_id, old_unit_id = h.unit_id,
			old_category = c.category, new_lacking = coalesce(r.lacking, c.lacking, '{}'),
			reclassify = c.category IS NULL OR c.category <> r.category OR c.standard_code <> ${standardCode}
				OR NOT ${sameCodes(sql`c.lacking`, sql`coalesce(r.lacking, c.lacking, '{}')`)}
		FROM households h LEFT JOIN household_classifications c ON c.household_id = h.id AND c.year = ${year}
		WHERE h.id = r.target_id AND r.problem IS NULL`);
}

/** Updates the matched households that changed and sets their classifications (the new ones are in already); returns the counts. */
export async function writeMatched(db: Db, year: number, standardCode: string) {
	await db.execute(sql`
		UPDATE households h SET unit_id = r.village_id, head_name = ${merged.headName}, head_name_norm = ${merged.headNameNorm},
			birth_year = ${merged.birthYear}, sex = ${merged.sex}, id_number = ${merged.idNumber}, address = ${merged.address}, members = ${merged.members},
			ethnicity = ${merged.ethnicity}, language = ${merged.language}, phone = ${merged.phone}, notes = ${merged.notes}, updated_at = now()
		FROM ${stage} r WHERE h.id = r.target_id AND r.problem IS NULL AND (r.moved OR cardinality(r.changed) > 0)`);
	await db.execute(sql`
		INSERT INTO household_classifications (household_id, year, category, standard_code, lacking)
		SELECT target_id, ${year}::int, category, ${standardCode}, new_lacking FROM ${stage}
		WHERE target_id IS NOT NULL AND problem IS NULL AND reclassify
		ON CONFLICT (household_id, year) DO UPDATE SET category = excluded.category, standard_code = excluded.standard_code,
			lacking = excluded.lacking, updated_at = now()`);
	const [counts] = rowsOf<{ imported: number; updated: number; unchanged: number }>(
		await db.execute(sql`
			SELECT count(*) FILTER (WHERE new_id IS NOT NULL)::int AS imported,
				count(*) FILTER (WHERE target_id IS NOT NULL AND (moved OR cardinality(changed) > 0 OR reclassify))::int AS updated,
				count(*) FILTER (WHERE target_id IS NOT NULL AND NOT (moved OR cardinality(changed) > 0 OR reclassify))::int AS unchanged
			FROM ${stage} WHERE problem IS NULL`)
	);
	return counts;
}

/** Fresh planner statistics of the register (ANALYZE may run inside a transaction). */
export async function analyseRegister(db: Db): Promise<void> {
	await db.execute(sql`ANALYZE households`);
}

/**
 * Flags look-alikes of the households the import added, or whose name, birth year, ID number or
 * village it changed: the same ID number in the commune, or the same normalised name and birth
 * year in the same village (with ID numbers that do not tell them apart). A pair flagged before,
 * either way round and whatever became of the flag, is not flagged again. Returns the flags opened.
 */
export async function flagStaged(db: Db, communePath: string) {
	// Every household probed is in a village of the commune imported into: the rows' villages are
	// its villages. New ones are probed as staged (that is what was inserted); changed ones as
	// written. A birth year compared through coalesce (years are from 1900 on) lets the planner
	// hash the whole key instead of merging on village and name, which pairs every namesake.
	return rowsOf<{ id: string; household_id: string; other_household_id: string; reason: string }>(
		await db.execute(sql`
			WITH probe AS (
				SELECT r.new_id AS id, r.village_id AS unit_id, r.id_number, r.head_name_norm, coalesce(r.birth_year, 0) AS year_key
				FROM ${stage} r WHERE r.new_id IS NOT NULL
				UNION ALL
				SELECT h.id, h.unit_id, h.id_number, h.head_name_norm, coalesce(h.birth_year, 0)
				FROM ${stage} r JOIN households h ON h.id = r.target_id
				WHERE r.problem IS NULL AND (r.moved OR r.changed && ARRAY['headName', 'birthYear', 'idNumber'])
			), candidate AS (
				SELECT p.id AS household_id, h.id AS other_household_id, 'id_number' AS reason
				FROM probe p
				JOIN households h ON h.id_number = p.id_number
				JOIN units hu ON hu.id = h.unit_id AND hu.path LIKE ${escapeLike(communePath) + '%'}
				WHERE p.id_number IS NOT NULL AND h.merged_into_id IS NULL AND h.id <> p.id
				UNION ALL
				SELECT p.id, h.id, 'name_birth_village'
				FROM probe p
				JOIN households h ON h.unit_id = p.unit_id AND h.head_name_norm = p.head_name_norm AND coalesce(h.birth_year, 0) = p.year_key
				WHERE h.merged_into_id IS NULL AND h.id <> p.id AND (p.id_number IS NULL OR h.id_number IS DISTINCT FROM p.id_number)
			)
			INSERT INTO household_duplicate_flags (id, household_id, other_household_id, reason, status)
			SELECT DISTINCT ON (LEAST(x.household_id, x.other_household_id), GREATEST(x.household_id, x.other_household_id))
				gen_random_uuid(), x.household_id, x.other_household_id, x.reason, 'open'
			FROM candidate x
			WHERE NOT EXISTS (
				SELECT 1 FROM household_duplicate_flags f
				WHERE (f.household_id = x.household_id AND f.other_household_id = x.other_household_id)
					OR (f.household_id = x.other_household_id AND f.other_household_id = x.household_id))
			ORDER BY LEAST(x.household_id, x.other_household_id), GREATEST(x.household_id, x.other_household_id), x.reason
			RETURNING id, household_id, other_household_id, reason`)
	);
}

/**
 * What the import did to each household, for its one audit entry (no personal values): one line
 * per household, its fields separated by spaces, in file order. Text rather than nested JSON
 * arrays: a document of 100,000 small arrays costs the embedded database a hundred megabytes to
 * parse as jsonb, one long string next to nothing.
 */
export const CHANGE_COLUMNS = {
	created: 'household row village category',
	updated: 'household row fields(comma-separated|-) moved-from(village|-) moved-to(village|-)',
	classified: 'household row category-before(|-) category-after',
	flagged: 'flag household other-household reason'
} as const;

export async function selectStagedChanges(db: Db) {
	// A page of lines at a time, joined here: one string_agg of 100,000 lines grows the embedded
	// database's memory by tens of megabytes, which it never gives back.
	const lists = { created: [] as string[], updated: [] as string[], classified: [] as string[] };
	for (let after = 0; ; ) {
		const page = rowsOf<{ line: number; created: string | null; updated: string | null; classified: string | null }>(
			await db.execute(sql`
				SELECT r.line,
					CASE WHEN r.new_id IS NOT NULL THEN concat_ws(' ', r.new_id, r.line, v.code, r.category) END AS created,
					CASE WHEN r.target_id IS NOT NULL AND r.problem IS NULL AND (r.moved OR cardinality(r.changed) > 0) THEN
						concat_ws(' ', r.target_id, r.line, coalesce(nullif(array_to_string(r.changed, ','), ''), '-'),
							CASE WHEN r.moved THEN o.code ELSE '-' END, CASE WHEN r.moved THEN v.code ELSE '-' END) END AS updated,
					CASE WHEN r.target_id IS NOT NULL AND r.problem IS NULL AND r.reclassify THEN
						concat_ws(' ', r.target_id, r.line, coalesce(r.old_category, '-'), r.category) END AS classified
				FROM ${stage} r JOIN units v ON v.id = r.village_id LEFT JOIN units o ON o.id = r.old_unit_id
				WHERE r.line > ${after} ORDER BY r.line LIMIT ${CHANGES_PAGE}`)
		);
		for (const row of page) {
			if (row.created) lists.created.push(row.created);
			if (row.updated) lists.updated.push(row.updated);
			if (row.classified) lists.classified.push(row.classified);
		}
		if (page.length < CHANGES_PAGE) break;
		after = page[page.length - 1].line;
	}
	return { created: lists.created.join('\n'), updated: lists.updated.join('\n'), classified: lists.classified.join('\n') };
}

const CHANGES_PAGE = 10_000;
