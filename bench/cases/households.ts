import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, pgliteExtensions, type Database } from '../../src/lib/server/db/client';
import { systemActor, type Actor } from '../../src/lib/server/access/actor';
import { createUnit } from '../../src/lib/server/modules/units/units.service';
import { normaliseName } from '../../src/lib/server/modules/households/households.normalise';
import { selectHouseholds } from '../../src/lib/server/modules/households/households.repository';
import { familyNames, givenNames, middleNames, seeded, writeSampleList } from '../../src/lib/server/modules/households/import/import.sample';
import { createBenchDatabase } from '../lib/postgres';
import { snapshotApp } from '../lib/snapshot';
import { startAppServer } from '../../src/lib/server/testing/app-server';
import { once, type TimingCase, type TimingTarget } from '../lib/timing';

/**
 * The household register at scale.
 *
 * Import: `lantoa households import` of a made-up 100,000-row list, run as the command an
 * operator runs (its own process, so its peak RSS is its own), as an XLSX in a commune's layout
 * and as a plain CSV, then the XLSX again (every row unchanged); beside it PostgreSQL `COPY` of
 * the same CSV rows into a scratch table (psql `\copy`; on PGlite, COPY from a blob in process).
 *
 * Search: the register's name search (households.repository `selectHouseholds` with `q`, the
 * query the list page and the API run) on 1,000,000 households made with one INSERT … SELECT
 * generate_series, beside an equality lookup on the (village, normalised name) index.
 *
 * BENCH_HOUSEHOLD_ROWS and BENCH_HOUSEHOLD_REGISTER change the sizes (for a quick try);
 * BENCH_HOUSEHOLD_PGLITE=0 leaves PGlite out of the import. The search runs on PostgreSQL only
 * unless BENCH_HOUSEHOLD_SEARCH_PGLITE=1: a million rows and 330 searches of a second or more each
 * on the embedded database take the better part of an hour.
 */

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const IMPORT_ROWS = Number(process.env.BENCH_HOUSEHOLD_ROWS) || 100_000;
const REGISTER = Number(process.env.BENCH_HOUSEHOLD_REGISTER) || 1_000_000;
const YEAR = 2025;
const villageNames = ['Đông Sơn', 'Tây Sơn', 'Bình Lâm', 'Yên Thịnh', 'Trung Hòa', 'Bái Xuân', 'Nà Lừa', 'Kon Pang', 'Lạc Hòa', 'Sre Đăng'];
const adminUrl = () => (process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || '').trim();
const kinds = (): ('postgres' | 'pglite')[] => [...(adminUrl() ? (['postgres'] as const) : []), ...(process.env.BENCH_HOUSEHOLD_PGLITE === '0' ? [] : (['pglite'] as const))];
const label = { postgres: 'PostgreSQL', pglite: 'PGlite' } as const;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

/** A fresh migrated database of the kind, where the command line can reach it too. */
interface Place {
	kind: 'postgres' | 'pglite';
	/** For the command line: DATABASE_URL, or LANTOA_DATA_DIR. */
	env: Record<string, string>;
	open(): Promise<Database>;
	drop(): Promise<void>;
}

async function freshPlace(kind: 'postgres' | 'pglite'): Promise<Place> {
	if (kind === 'postgres') {
		const created = await createBenchDatabase(adminUrl());
		return { kind, env: { DATABASE_URL: created.url }, open: () => openDatabase({ databaseUrl: created.url, poolSize: 4 }), drop: () => created.drop() };
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-households-'));
	return {
		kind,
		env: { LANTOA_DATA_DIR: dir },
		open: () => openDatabase({ dataDir: dir }),
		drop: async () => fs.rmSync(dir, { recursive: true, force: true })
	};
}

/** Units through the service, as an administrator makes them: a province, communes, villages. */
export async function buildTree(database: Database, communes: string[], villagesEach: string[]) {
	const ctx = { db: database.db, actor: systemActor };
	await createUnit(ctx, { code: 'BH', name: 'Tỉnh Đo Thử', level: 'province', parentCode: null });
	for (const c of communes) {
		await createUnit(ctx, { code: c, name: `Xã ${c}`, level: 'commune', parentCode: 'BH' });
		for (const [i, v] of villagesEach.entries())
			await createUnit(ctx, { code: `${c}-${String(i + 1).padStart(2, '0')}`, name: `Thôn ${v}`, level: 'village', parentCode: c });
	}
	const { rows } = await database.sql.query<{ id: string; path: string; code: string }>(`SELECT id, path, code FROM units WHERE level = 'village'`);
	return rows.map((r) => ({ id: r.id, path: r.path, commune: r.code.slice(0, r.code.lastIndexOf('-')) }));
}

interface CliRun {
	ms: number;
	peakKb: number;
	readS: number;
	writeS: number;
	summary: { rows: number; imported: number; updated: number; unchanged: number; duplicates: number; errors: unknown[] };
}

/** A process's peak resident set (VmHWM), or with `VmRSS` its present one, in kB; 0 once it is gone. */
export function peakRssKb(pid: number, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number {
	try {
		const m = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/** A process and its descendants, from /proc. */
export function processTree(pid: number): number[] {
	const all = [pid];
	for (let i = 0; i < all.length; i++) {
		try {
			for (const task of fs.readdirSync(`/proc/${all[i]}/task`))
				all.push(...fs.readFileSync(`/proc/${all[i]}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
		} catch {
			/* exited */
		}
	}
	return all;
}

/** `lantoa households import` as its own process; its peak RSS read from /proc while it runs. */
function runImport(place: Place, file: string, unit: string): Promise<CliRun> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'LANTOA_DATA_DIR') env[k] = v;
	Object.assign(env, place.env, { LOG_LEVEL: 'warn' });
	return new Promise((resolve, reject) => {
		const start = performance.now();
		const child = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), 'households', 'import', file, '--unit', unit, '--year', String(YEAR), '--json', '--lang', 'en'], {
			cwd: root,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		let peakKb = 0;
		// bin/lantoa.js runs the import in a child with a capped heap: the peak is that of the busiest
		// process of the tree (the thin parent that waits for it peaks near 50 MB).
		const poll = setInterval(() => {
			for (const pid of processTree(child.pid!)) peakKb = Math.max(peakKb, peakRssKb(pid));
		}, 50);
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => {
			clearInterval(poll);
			const ms = performance.now() - start;
			if (code !== 0 && code !== 1) return reject(new Error(`lantoa households import exited ${code}: ${stderr.slice(-500)}`));
			const timing = /Reading the file ([\d.]+) s, writing ([\d.]+) s/.exec(stderr);
			resolve({ ms, peakKb, readS: Number(timing?.[1] ?? NaN), writeS: Number(timing?.[2] ?? NaN), summary: JSON.parse(stdout) });
		});
	});
}

const scratchTable = `CREATE TABLE bench_copy (head_name text, birth_year int, sex text, village text, category text, members int, ethnicity text, phone text, id_number text)`;
/** The same columns, indexed as the register is: village, ID number (partial), the repeat key, trigrams of the name. */
const indexedTable = `CREATE TABLE bench_copy_indexed (LIKE bench_copy);
	CREATE INDEX ON bench_copy_indexed (village);
	CREATE INDEX ON bench_copy_indexed (id_number) WHERE id_number IS NOT NULL;
	CREATE INDEX ON bench_copy_indexed (village, head_name, birth_year);
	CREATE INDEX ON bench_copy_indexed USING gin (head_name gin_trgm_ops)`;

/**
 * The CSV's rows as the register holds them, in the COPY files of its own two tables: households
 * (a new id, the village's id in BH-A, the name lower-cased and unaccented as its normalised
 * form) and household_classifications (one row each for YEAR). Made in SQL from a prep table,
 * beforehand, so that the timed run is the COPY alone.
 */
const registerRows = {
	prepare: `CREATE TABLE bench_source (LIKE bench_copy)`,
	households: `SELECT gen_random_uuid() AS id, v.id AS unit_id, s.head_name, lower(unaccent(s.head_name)) AS head_name_norm, s.birth_year, s.sex, s.id_number, s.members, s.ethnicity, s.phone, s.category
		FROM bench_source s JOIN units v ON v.name = 'Thôn ' || s.village AND v.code LIKE 'BH-A-%'`,
	columns: 'id, unit_id, head_name, head_name_norm, birth_year, sex, id_number, members, ethnicity, phone',
	classifications: `SELECT id, ${YEAR}, CASE WHEN category ILIKE '%cận%' THEN 'near_poor' WHEN category ILIKE '%thoát%' THEN 'escaped' ELSE 'poor' END,
		(SELECT min(code) FROM poverty_standards), '{}' FROM bench_register`
};

/**
 * COPY of the CSV's rows, made ready beforehand so that the timed run is the COPY alone: into a
 * scratch table, into one indexed as the register is, and, as the register holds them, into its
 * own two tables (households and household_classifications with all their indexes, keys and
 * triggers) in one transaction rolled back after, so the register stays empty for the imports.
 * psql's \copy on PostgreSQL (the psql process start, ~30 ms, included), COPY from a blob on
 * PGlite in this process. PGlite's database stays open after it until `release`, which the next
 * target calls first: the command line cannot open the directory while this process holds it.
 */
async function prepareCopy(place: Place, csv: string): Promise<{ copy(table?: string): Promise<number>; copyRegister(): Promise<number>; release(): Promise<void> }> {
	const tables = `DROP TABLE IF EXISTS bench_copy, bench_copy_indexed, bench_source, bench_register; ${scratchTable}; ${indexedTable}; ${registerRows.prepare}`;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-register-'));
	const files = { households: path.join(dir, 'households.csv'), classifications: path.join(dir, 'classifications.csv') };
	if (place.kind === 'postgres') {
		const psql = (...commands: string[]) => {
			const start = performance.now();
			const res = spawnSync('psql', [place.env.DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-q', ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8' });
			if (res.status !== 0) throw new Error(`psql: ${res.stderr || res.error?.message}`);
			return performance.now() - start;
		};
		psql(tables, `\\copy bench_source FROM '${csv}' WITH (FORMAT csv, HEADER true)`);
		psql(`CREATE TABLE bench_register AS ${registerRows.households}`);
		psql(`\\copy (SELECT ${registerRows.columns} FROM bench_register) TO '${files.households}' WITH (FORMAT csv)`, `\\copy (${registerRows.classifications}) TO '${files.classifications}' WITH (FORMAT csv)`);
		return {
			copy: async (table = 'bench_copy') => psql(`\\copy ${table} FROM '${csv}' WITH (FORMAT csv, HEADER true)`),
			copyRegister: async () =>
				psql(
					'BEGIN',
					`\\copy households (${registerRows.columns}) FROM '${files.households}' WITH (FORMAT csv)`,
					`\\copy household_classifications (household_id, year, category, standard_code, lacking) FROM '${files.classifications}' WITH (FORMAT csv)`,
					'ROLLBACK'
				),
			release: async () => fs.rmSync(dir, { recursive: true, force: true })
		};
	}
	const client = await PGlite.create(path.join(place.env.LANTOA_DATA_DIR, 'pglite'), { extensions: pgliteExtensions });
	await client.exec(tables);
	const blob = new Blob([fs.readFileSync(csv)]);
	await client.query(`COPY bench_source FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob });
	await client.exec(`CREATE TABLE bench_register AS ${registerRows.households}`);
	const out = async (query: string) => (await client.query(`COPY (${query}) TO '/dev/blob' WITH (FORMAT csv)`)).blob!;
	const register = { households: await out(`SELECT ${registerRows.columns} FROM bench_register`), classifications: await out(registerRows.classifications) };
	return {
		async copy(table = 'bench_copy') {
			const start = performance.now();
			await client.query(`COPY ${table} FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob });
			return performance.now() - start;
		},
		async copyRegister() {
			const start = performance.now();
			await client.exec('BEGIN');
			await client.query(`COPY households (${registerRows.columns}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: register.households });
			await client.query(`COPY household_classifications (household_id, year, category, standard_code, lacking) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: register.classifications });
			await client.exec('ROLLBACK');
			return performance.now() - start;
		},
		release: async () => {
			fs.rmSync(dir, { recursive: true, force: true });
			if (!client.closed) await client.close();
		}
	};
}

/**
 * The list uploaded through the server as the upload page and the API take it (POST
 * /api/v1/households/import?wait=true, signed in), the server being `lantoa serve` of a private
 * copy of build/ on the same database; the peak RSS is the server process's, start included.
 */
async function runServerImport(place: Place, file: string, unit: string): Promise<CliRun & { idleKb: number }> {
	if (!fs.existsSync(path.join(root, 'build', 'index.js'))) throw new Error('build/ is missing: npm run bench builds it');
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'LANTOA_DATA_DIR') env[k] = v;
	const password = 'bench-importer-password';
	const made = spawnSync(process.execPath, [path.join(root, 'bin', 'lantoa.js'), 'users', 'create', '--username', 'bench-importer', '--name', 'Bench importer', '--role', 'admin'], {
		cwd: root,
		env: { ...env, ...place.env, LANTOA_PASSWORD: password, LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
	if (made.status !== 0 && !/exists|đã có/i.test(made.stderr)) throw new Error(`users create: ${made.stderr}`);
	const snapshot = snapshotApp(root);
	const before = new Set(processTree(process.pid));
	process.chdir(snapshot.dir);
	const app = await startAppServer(place.kind === 'postgres' ? { databaseUrl: place.env.DATABASE_URL } : { dataDir: place.env.LANTOA_DATA_DIR }).finally(() => process.chdir(root));
	let peakKb = 0;
	const servers = processTree(process.pid).filter((pid) => !before.has(pid));
	// What the server holds before the upload (its modules, the database engine when embedded).
	const idleKb = Math.max(...servers.map((pid) => peakRssKb(pid, 'VmRSS')));
	const poll = setInterval(() => {
		for (const pid of servers) peakKb = Math.max(peakKb, peakRssKb(pid));
	}, 50);
	try {
		const signIn = await fetch(`${app.url}/api/v1/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'bench-importer', password })
		});
		if (signIn.status !== 200) throw new Error(`sign-in answered ${signIn.status}: ${await signIn.text()}`);
		const cookie = signIn.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		const start = performance.now();
		const res = await fetch(`${app.url}/api/v1/households/import?unit=${unit}&year=${YEAR}&wait=true&fileName=${path.basename(file)}`, {
			method: 'POST',
			headers: { cookie, 'content-type': file.endsWith('.csv') ? 'text/csv' : 'application/octet-stream', 'accept-language': 'en' },
			body: fs.readFileSync(file)
		});
		const ms = performance.now() - start;
		const body = (await res.json()) as { summary: CliRun['summary'] | null; error?: string };
		if (res.status !== 200 || !body.summary) throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
		for (const pid of servers) peakKb = Math.max(peakKb, peakRssKb(pid));
		return { ms, peakKb, idleKb, readS: NaN, writeS: NaN, summary: body.summary };
	} finally {
		clearInterval(poll);
		await app.stop();
		snapshot.remove();
	}
}

const importCase: TimingCase = {
	id: 'households-import',
	title: `Import of a ${IMPORT_ROWS.toLocaleString('en-US')}-row household list (lantoa households import, its own process) beside COPY of the same rows`,
	async prepare() {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-bench-lists-'));
		const xlsx = path.join(dir, 'list.xlsx');
		const csv = path.join(dir, 'list.csv');
		// The same households (same seed) in both files.
		await writeSampleList(xlsx, { rows: IMPORT_ROWS, villages: villageNames, format: 'xlsx', commune: 'Xã Đo Thử', year: YEAR });
		await writeSampleList(csv, { rows: IMPORT_ROWS, villages: villageNames, format: 'csv' });
		const targets: TimingTarget[] = [];
		const places: Place[] = [];
		for (const kind of kinds()) {
			const place = await freshPlace(kind);
			places.push(place);
			const database = await place.open();
			await database.migrate(path.join(root, 'drizzle'));
			await buildTree(database, ['BH-A', 'BH-B', 'BH-C'], villageNames);
			await database.close();
			const baseline = await prepareCopy(place, csv);
			let copyMs = 0;
			let indexedMs = 0;
			let registerMs = 0;
			const imported = (what: string, file: string, unit: string, expect: 'new' | 'unchanged') =>
				once(`app · ${label[kind]}: ${what}`, async () => {
					await baseline.release();
					const r = await runImport(place, file, unit);
					const done = expect === 'new' ? r.summary.imported + r.summary.errors.length : r.summary.unchanged;
					if (r.summary.rows !== IMPORT_ROWS || done < IMPORT_ROWS * 0.9) throw new Error(`unexpected summary ${JSON.stringify({ ...r.summary, errors: r.summary.errors.length })}`);
					const ratio = copyMs
						? `; ${(r.ms / registerMs).toFixed(1)}× COPY into the register's tables, ${(r.ms / indexedMs).toFixed(1)}× COPY into the indexed scratch table, ${(r.ms / copyMs).toFixed(1)}× COPY into the bare one`
						: '';
					return {
						bytes: fs.statSync(file).size,
						note: `${(r.ms / 1000).toFixed(1)} s: read ${r.readS} s + write ${r.writeS} s; peak RSS ${mb(r.peakKb)}; ${r.summary.imported} new, ${r.summary.unchanged} unchanged, ${r.summary.duplicates} flagged${ratio}`
					};
				});
			targets.push(
				once(`baseline · ${label[kind]}: COPY of the same CSV rows into a scratch table`, async () => {
					copyMs = await baseline.copy();
					return { bytes: fs.statSync(csv).size, note: `${(copyMs / 1000).toFixed(2)} s` };
				}),
				once(`baseline · ${label[kind]}: COPY of the same CSV rows into a scratch table indexed as the register`, async () => {
					indexedMs = await baseline.copy('bench_copy_indexed');
					return { bytes: fs.statSync(csv).size, note: `${(indexedMs / 1000).toFixed(2)} s` };
				}),
				once(`baseline · ${label[kind]}: COPY of the same rows as the register holds them into its own tables (households, household_classifications), rolled back`, async () => {
					registerMs = await baseline.copyRegister();
					return { bytes: fs.statSync(csv).size, note: `${(registerMs / 1000).toFixed(2)} s` };
				}),
				imported('import of the CSV, new households', csv, 'BH-B', 'new'),
				imported('import of the XLSX (commune layout), new households', xlsx, 'BH-A', 'new'),
				imported('the same XLSX again, every row unchanged', xlsx, 'BH-A', 'unchanged'),
				once(`app · ${label[kind]}: the CSV uploaded to the server (POST /api/v1/households/import?wait=true), new households`, async () => {
					await baseline.release();
					const r = await runServerImport(place, csv, 'BH-C');
					if (r.summary.rows !== IMPORT_ROWS || r.summary.imported + r.summary.errors.length < IMPORT_ROWS * 0.9)
						throw new Error(`unexpected summary ${JSON.stringify({ ...r.summary, errors: r.summary.errors.length })}`);
					return {
						bytes: fs.statSync(csv).size,
						note: `${(r.ms / 1000).toFixed(1)} s (upload and import); peak RSS of the server ${mb(r.peakKb)} (${mb(r.idleKb)} before the upload); ${r.summary.imported} new, ${r.summary.duplicates} flagged`
					};
				})
			);
		}
		// The last target cleans up after itself.
		const last = targets[targets.length - 1];
		const run = last.run.bind(last);
		last.run = async () => {
			try {
				return await run();
			} finally {
				for (const p of places) await p.drop().catch(() => {});
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
		return targets;
	}
};

/** Postgres array literal of texts. */
const textArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/**
 * One INSERT … SELECT generate_series: names drawn from the family, middle and given name lists
 * (family names by their frequency), stored with their normalised form, spread over the villages.
 */
export async function fillRegister(database: Database, villageIds: string[], count: number) {
	const families = familyNames.flatMap(([name, weight]) => Array<string>(Math.max(1, Math.round(weight / 5))).fill(name));
	const lists = {
		family: families,
		male: middleNames.male.flatMap((m) => givenNames.male.map((g) => `${m} ${g}`)),
		female: middleNames.female.flatMap((m) => givenNames.female.map((g) => `${m} ${g}`))
	};
	const sql = `
		WITH n AS (
			SELECT g,
				${textArray(lists.family)} AS fam, ${textArray(lists.family.map(normaliseName))} AS fam_n,
				${textArray(lists.male)} AS ml, ${textArray(lists.male.map(normaliseName))} AS ml_n,
				${textArray(lists.female)} AS fl, ${textArray(lists.female.map(normaliseName))} AS fl_n,
				${textArray(villageIds)}::uuid[] AS v,
				hashint4(g) AS h1, hashint4(g + 7919) AS h2
			FROM generate_series(1, ${count}) AS g
		)
		INSERT INTO households (unit_id, head_name, head_name_norm, birth_year, sex, members)
		SELECT v[1 + abs(h1) % cardinality(v)],
			fam[1 + abs(h2) % cardinality(fam)] || ' ' || CASE WHEN h1 % 3 = 0 THEN fl[1 + abs(h1 / 7) % cardinality(fl)] ELSE ml[1 + abs(h1 / 7) % cardinality(ml)] END,
			fam_n[1 + abs(h2) % cardinality(fam)] || ' ' || CASE WHEN h1 % 3 = 0 THEN fl_n[1 + abs(h1 / 7) % cardinality(fl)] ELSE ml_n[1 + abs(h1 / 7) % cardinality(ml)] END,
			1935 + abs(h2 / 11) % 70,
			CASE WHEN h1 % 3 = 0 THEN 'female' ELSE 'male' END,
			1 + abs(h2 / 13) % 7
		FROM n`;
	await database.sql.query(sql);
	await database.sql.query(`INSERT INTO household_classifications (household_id, year, category, standard_code)
		SELECT id, ${YEAR}, (ARRAY['poor','near_poor','escaped'])[1 + abs(hashtext(id::text)) % 3], 'nd07_2021' FROM households`);
	await database.sql.query('ANALYZE households; ANALYZE household_classifications; ANALYZE units');
}

/** What people type: a full name with or without diacritics, its last two words, a one-letter slip. */
export function searchTerms(names: string[], count: number): string[] {
	const random = seeded(7);
	return Array.from({ length: count }, (_, i) => {
		const name = names[Math.floor(random() * names.length)];
		switch (i % 4) {
			case 0:
				return name;
			case 1:
				return normaliseName(name);
			case 2:
				return name.split(' ').slice(-2).join(' ');
			default: {
				const n = normaliseName(name);
				const at = 1 + Math.floor(random() * (n.length - 2));
				return n.slice(0, at) + n.slice(at + 1);
			}
		}
	});
}

const searchCase: TimingCase = {
	id: 'households-search',
	title: `Name search on ${REGISTER.toLocaleString('en-US')} households (selectHouseholds with q, first 50) beside an indexed equality lookup`,
	async prepare() {
		const targets: TimingTarget[] = [];
		const opened: { database: Database; place: Place }[] = [];
		for (const kind of kinds().filter((k) => k === 'postgres' || process.env.BENCH_HOUSEHOLD_SEARCH_PGLITE === '1')) {
			const place = await freshPlace(kind);
			const database = await place.open();
			opened.push({ database, place });
			await database.migrate(path.join(root, 'drizzle'));
			const communes = Array.from({ length: 10 }, (_, i) => `BS-${i + 1}`);
			const villages = await buildTree(database, communes, villageNames);
			const start = performance.now();
			await fillRegister(
				database,
				villages.map((v) => v.id),
				REGISTER
			);
			process.stderr.write(`    ${label[kind]}: ${REGISTER.toLocaleString('en-US')} households generated in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
			const sample = await database.sql.query<{ head_name: string; head_name_norm: string; unit_id: string }>(
				`SELECT head_name, head_name_norm, unit_id FROM households TABLESAMPLE SYSTEM (1) LIMIT 2000`
			);
			const terms = searchTerms(
				sample.rows.map((r) => r.head_name),
				400
			);
			const commune = villages.find((v) => v.commune === 'BS-1')!;
			const officer: Actor = {
				userId: null,
				username: 'bench-officer',
				displayName: 'Bench officer',
				via: 'system',
				grants: [{ role: 'commune_officer', unitId: null, unitCode: 'BS-1', unitName: 'Xã BS-1', unitPath: commune.path.replace(/[^/]+\/$/, '') }]
			};
			let i = 0;
			let j = 0;
			const search = (actor: Actor) => async () => {
				const term = terms[i++ % terms.length];
				// In a transaction, as the list page and the API run it: the search's trigram threshold is set for it.
				return database.db.transaction(async (tx) => (await selectHouseholds(tx, actor, { q: term, year: YEAR }, 50, 0)).items.length);
			};
			// The searches take up to seconds each on a million rows: fewer runs than the lookup.
			targets.push(
				{ label: `app · ${label[kind]}: name search, one commune officer's scope (~${Math.round(REGISTER / 10).toLocaleString('en-US')} households)`, samples: 200, warmup: 20, run: search(officer) },
				{ label: `app · ${label[kind]}: name search, whole register in scope (administrator)`, samples: 100, warmup: 10, run: search(systemActor) },
				{
					label: `baseline · ${label[kind]}: equality lookup on the (village, normalised name) index`,
					samples: 300,
					warmup: 30,
					run: async () => {
						const r = sample.rows[j++ % sample.rows.length];
						const found = await database.sql.query(`SELECT * FROM households WHERE unit_id = $1 AND head_name_norm = $2 LIMIT 50`, [r.unit_id, r.head_name_norm]);
						return found.rows.length;
					}
				}
			);
		}
		if (!targets.length) {
			process.stderr.write('    (name search skipped: set BENCH_DATABASE_URL, or BENCH_HOUSEHOLD_SEARCH_PGLITE=1 for PGlite)\n');
			return targets;
		}
		const last = targets[targets.length - 1];
		const total = (last.samples ?? 200) + (last.warmup ?? 20);
		let runs = 0;
		const run = last.run.bind(last);
		last.run = async () => {
			try {
				return await run();
			} finally {
				if (++runs === total) for (const o of opened) await o.database.close().then(() => o.place.drop()).catch(() => {});
			}
		};
		return targets;
	}
};

export const householdTimings: TimingCase[] = [importCase, searchCase];
