import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../db/client';
import { readTable } from '../../../files/tabular';
import { buildUnit } from '../../../testing/factories';
import { writeSampleList } from './import.sample';

const root = path.resolve('.');

interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs `lantoa …` as its own process, as an operator would. `until` is called with stderr as it
 * arrives; when it returns true the process is killed at once (SIGKILL).
 */
function lantoa(env: Record<string, string>, args: string[], until?: (stderr: string) => boolean): Promise<Run> {
	const full: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'DATABASE_URL' && k !== 'LANTOA_DATA_DIR') full[k] = v;
	Object.assign(full, { LOG_LEVEL: 'warn' }, env);
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), ...args], { cwd: root, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => {
			stderr += d;
			if (until?.(stderr) && child.exitCode === null) child.kill('SIGKILL');
		});
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
	});
}

// Each run is a new process (tsx, then the database opened and migrated): seconds each.
describe('lantoa households import (embedded database)', { timeout: 240_000 }, () => {
	let dir: string;
	let env: Record<string, string>;
	const file = (name: string, text: string) => {
		const p = path.join(dir, name);
		fs.writeFileSync(p, text);
		return p;
	};

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-households-cli-'));
		env = { LANTOA_DATA_DIR: path.join(dir, 'data') };
		const units = file('units.csv', 'code,name,level,parent_code\nK,Tỉnh Thử,province,\nK-C,Xã Thử,commune,K\nK-C-1,Thôn Đông,village,K-C\nK-C-2,Thôn Tây,village,K-C\n');
		const res = await lantoa(env, ['units', 'import', units]);
		if (res.code !== 0) throw new Error(res.stderr);
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('--json prints only the summary on stdout; rejected rows make exit 1 and go to the --rejected file', async () => {
		const list = file('ds.csv', 'DANH SÁCH HỘ NGHÈO\nHọ và tên chủ hộ,Năm sinh,Thôn,Phân loại\nLê Văn Một,1960,Đông,Hộ nghèo\nLê Văn Hai,1961,Bắc,Hộ nghèo\n');
		const rejected = path.join(dir, 'rejected.xlsx');
		const res = await lantoa(env, ['households', 'import', list, '--unit', 'K-C', '--year', '2025', '--json', '--rejected', rejected, '--lang', 'en']);
		expect(res.code).toBe(1);
		expect(JSON.parse(res.stdout)).toEqual({
			rows: 2,
			imported: 1,
			updated: 0,
			unchanged: 0,
			duplicates: 0,
			errors: [{ row: 4, column: 'Thôn', message: 'No village “Bắc” in the commune' }]
		});
		expect(res.stdout.trim().split('\n')).toHaveLength(1);
		expect(res.stderr).toContain('Rejected rows written to');
		const table = await readTable(fs.readFileSync(rejected));
		expect(table.rows.map((r) => [r.values.row, r.values['họ_và_tên_chủ_hộ'], r.values.reason])).toEqual([
			['4', 'Lê Văn Hai', 'Thôn: No village “Bắc” in the commune']
		]);

		const again = await lantoa(env, ['households', 'import', list, '--unit', 'K-C', '--year', '2025', '--json', '--dry-run']);
		expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, unchanged: 1 });
	});

	it('refuses a file that is not a list with exit 2 and the reason on stderr', async () => {
		const res = await lantoa(env, ['households', 'import', file('budget.csv', 'Nội dung,Kinh phí\nIn tờ rơi,1000000\n'), '--unit', 'K-C', '--json']);
		expect(res.code).toBe(2);
		expect(res.stdout).toBe('');
		expect(res.stderr).toContain('không phải danh sách hộ');
	});
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('an import killed midway (PostgreSQL)', { timeout: 300_000 }, () => {
	// Not named lantoa_t_…: a test run starting meanwhile drops those as left over from a crash.
	const name = `lantoa_kill_${Math.floor(Date.now() / 1000)}_${Math.random().toString(36).slice(2, 8)}`;
	let url: string;
	let database: Database;
	let dir: string;

	beforeAll(async () => {
		const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
		await admin.connect();
		// Left by a killed test run: older than an hour and unused.
		const stale = await admin.query<{ datname: string }>(
			`SELECT datname FROM pg_database d WHERE datname LIKE 'lantoa\\_kill\\_%' AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`
		);
		for (const { datname } of stale.rows)
			if (Number(datname.split('_')[2]) < Date.now() / 1000 - 3600) await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => {});
		await admin.query(`CREATE DATABASE ${name}`);
		await admin.end();
		const u = new URL(process.env.TEST_DATABASE_URL!);
		u.pathname = '/' + name;
		url = u.toString();
		database = await openDatabase({ databaseUrl: url, poolSize: 2 });
		await database.migrate(path.resolve('drizzle'));
		await buildUnit(database.db, { code: 'KP', name: 'Tỉnh Thử', level: 'province' });
		await buildUnit(database.db, { code: 'KP-C', name: 'Xã Thử', level: 'commune', parentCode: 'KP' });
		for (const [code, n] of [
			['KP-C-1', 'Thôn Đông Sơn'],
			['KP-C-2', 'Thôn Tây Sơn']
		])
			await buildUnit(database.db, { code, name: n, level: 'village', parentCode: 'KP-C' });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-households-kill-'));
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dir, { recursive: true, force: true });
		const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
		await admin.connect();
		await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
		await admin.end();
	});

	const counts = async () => {
		const { rows } = await database.sql.query<Record<string, number>>(
			`SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM household_classifications)::int AS classifications,
				(SELECT count(*) FROM household_duplicate_flags)::int AS flags, (SELECT count(*) FROM audit_entries)::int AS audit`
		);
		return rows[0];
	};

	it('leaves the register as it was: nothing of the killed import is kept', async () => {
		const small = path.join(dir, 'small.csv');
		await writeSampleList(small, { rows: 50, villages: ['Đông Sơn', 'Tây Sơn'], format: 'csv', seed: 3 });
		const first = await lantoa({ DATABASE_URL: url }, ['households', 'import', small, '--unit', 'KP-C', '--json']);
		expect(JSON.parse(first.stdout)).toMatchObject({ rows: 50, imported: 50 });
		const before = await counts();

		const big = path.join(dir, 'big.xlsx');
		await writeSampleList(big, { rows: 60_000, villages: ['Đông Sơn', 'Tây Sơn'], format: 'xlsx', seed: 4 });
		// Killed as soon as the first batch is written: the import's one transaction is open, half done.
		// Its own temporary directory, so the spool the killed process leaves is easy to find.
		const tmp = path.join(dir, 'tmp');
		fs.mkdirSync(tmp);
		const killed = await lantoa({ DATABASE_URL: url, TMPDIR: tmp }, ['households', 'import', big, '--unit', 'KP-C', '--batch', '1000', '--lang', 'en'], (err) =>
			/Wrote \d+ rows \(still reading/.test(err)
		);
		expect(killed.signal, killed.stderr).toBe('SIGKILL');
		// On PostgreSQL the pieces are written while the file is still being read.
		expect(killed.stderr).toMatch(/Wrote 1000 rows \(still reading the file\)/);
		expect(killed.stderr).not.toMatch(/Read 60000 rows/);
		expect(await counts()).toEqual(before);
		const { rows } = await database.sql.query<{ status: string }>(`SELECT status FROM household_imports ORDER BY started_at`);
		expect(rows.map((r) => r.status)).toEqual(['done', 'running']);

		// The next import removes the spool the killed one left (personal data must not linger): the
		// rows' cells as the file had them (the rows themselves went straight to the database).
		expect(fs.readdirSync(tmp).filter((n) => n.startsWith('lantoa-import-'))).toHaveLength(1);
		const next = await lantoa({ DATABASE_URL: url, TMPDIR: tmp }, ['households', 'import', small, '--unit', 'KP-C', '--json']);
		expect(JSON.parse(next.stdout)).toMatchObject({ rows: 50, unchanged: 50 });
		expect(fs.readdirSync(tmp).filter((n) => n.startsWith('lantoa-import-'))).toEqual([]);
	});
});
