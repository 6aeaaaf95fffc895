import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../lib/server/db/client';
import { createTestDatabase } from '../lib/server/testing/db';

const root = path.resolve('.');
const bin = path.join(root, 'bin', 'lantoa.js');

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `lantoa …` as its own process, as an operator would. */
function lantoa(args: string[], env: Record<string, string | undefined>): Promise<Run> {
	const childEnv: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST')) childEnv[k] = v;
	delete childEnv.DATABASE_URL;
	delete childEnv.LANTOA_PASSWORD;
	childEnv.LOG_LEVEL = 'warn';
	for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
	else childEnv[k] = v;
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

const PASSWORD = 'mat-khau-dong-lenh';

describe('lantoa command line on the embedded database', () => {
	let dataDir: string;
	const run = (...args: string[]) => lantoa(args, { LANTOA_DATA_DIR: dataDir });
	const create = (username: string, ...more: string[]) =>
		run('users', 'create', '--username', username, '--name', 'Cán bộ', '--password', PASSWORD, ...more);

	beforeAll(() => {
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-cli-'));
	});
	afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

	// The steps share one data directory and run in order: each spawn costs a second or two.
	it('migrate creates the database, and running it again changes nothing', async () => {
		const first = await run('migrate');
		expect(first.stderr).toContain('OK: pglite');
		expect(first.code).toBe(0);
		expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
		// The data directory's lock is released when the command ends.
		expect(fs.existsSync(path.join(dataDir, 'lantoa.pid'))).toBe(false);
		expect((await run('migrate')).code).toBe(0);
	});

	it('users create makes an administrator, password from the environment; the audit trail records it', async () => {
		const res = await lantoa(['users', 'create', '--username', 'Quan.Tri', '--name', 'Quản trị', '--role', 'admin'], {
			LANTOA_DATA_DIR: dataDir,
			LANTOA_PASSWORD: PASSWORD
		});
		expect(res.stderr).not.toContain('Lỗi');
		expect(res.code).toBe(0);
		expect(JSON.parse(res.stdout)).toMatchObject({
			username: 'quan.tri',
			displayName: 'Quản trị',
			disabled: false,
			roles: [{ role: 'admin', unitCode: null }]
		});
		expect(res.stdout).not.toContain(PASSWORD);
		const verified = await run('audit', 'verify');
		expect(verified.code).toBe(0);
		expect(verified.stdout).toContain('1 mục');
		expect(verified.stdout).toContain('1 entries');
	});

	it('bad input is refused with a clear message and a non-zero exit', async () => {
		// These fail before the database opens, so they may run side by side.
		const [role, short, command] = await Promise.all([
			create('can.bo', '--role', 'boss@C1'),
			run('users', 'create', '--username', 'ngan.qua', '--name', 'Ngắn', '--password', 'ngan'),
			run('no-such-command')
		]);
		expect(role.code).not.toBe(0);
		expect(role.stderr).toContain('Vai trò không hợp lệ: boss');
		expect(role.stderr).toContain('Unknown role: boss');
		expect(role.stdout).toBe('');
		expect(short.code).not.toBe(0);
		expect(short.stderr).toContain('Lỗi / Error');
		expect(command.code).not.toBe(0);
		expect(command.stderr).toMatch(/unknown command/i);

		const unit = await create('can.bo', '--role', 'commune_officer@NO-UNIT');
		expect(unit.code).not.toBe(0);
		expect(unit.stderr).toContain('NO-UNIT');
		const taken = await create('quan.tri');
		expect(taken.code).not.toBe(0);
		expect(taken.stderr).toContain('quan.tri');
	}, 180_000); // five command-line processes, each starting tsx: slow on a busy machine

	it('refused commands created nothing; audit verify exits with 3 once the chain is tampered with', async () => {
		const database = await openDatabase({ dataDir });
		try {
			const { rows: accounts } = await database.sql.query<{ username: string }>('SELECT username FROM users ORDER BY username');
			expect(accounts.map((r) => r.username)).toEqual(['quan.tri']);
			const { rows: entries } = await database.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_entries');
			expect(entries[0].n).toBe(1);
			// Edit the stored trail behind the application's back, with the append-only trigger off.
			await database.db.transaction(async (tx) => {
				await tx.execute(sql`SET LOCAL session_replication_role = replica`);
				await tx.execute(sql`UPDATE audit_entries SET actor_name = 'ke.gia.mao' WHERE seq = 1`);
			});
		} finally {
			await database.close();
		}
		const text = await run('audit', 'verify');
		expect(text.code).toBe(3);
		expect(text.stdout).toContain('mục số 1');
	});
});

describe.runIf(process.env.TEST_DATABASE_URL)('lantoa command line on PostgreSQL', () => {
	let url: string;
	let close: () => Promise<void>;
	beforeAll(async () => {
		const database = await createTestDatabase('postgres');
		const { rows } = await database.sql.query<{ name: string }>('SELECT current_database() AS name');
		const u = new URL(process.env.TEST_DATABASE_URL!);
		u.pathname = '/' + rows[0].name;
		url = u.toString();
		close = () => database.close();
	});
	afterAll(() => close?.());

	it('users create and audit verify use DATABASE_URL, not the data directory', async () => {
		const env = { DATABASE_URL: url, LANTOA_DATA_DIR: path.join(os.tmpdir(), `lantoa-cli-unused-${process.pid}`) };
		const created = await lantoa(['users', 'create', '--username', 'pg.admin', '--name', 'PG', '--role', 'admin', '--password', PASSWORD], env);
		expect(created.stderr).not.toContain('Lỗi');
		expect(created.code).toBe(0);
		const verified = await lantoa(['audit', 'verify', '--json'], env);
		expect(verified.code).toBe(0);
		expect(JSON.parse(verified.stdout)).toEqual({ ok: true, count: 1 });
		expect(fs.existsSync(env.LANTOA_DATA_DIR)).toBe(false);
	});
});

// `npm run build` bundles the command into build/cli/ (scripts/build-cli.js); bin/lantoa.js runs the
// bundle while it is newer than every source file, the sources through tsx otherwise.
describe.runIf(fs.existsSync(path.join(root, 'build', 'cli', 'main.js')))('the bundled command and the sources', () => {
	it('offer the same commands and options, and refuse an unknown one alike', async () => {
		for (const args of [['--help'], ['households', '--help'], ['households', 'import', '--help'], ['plans', '--help'], ['units', 'export', '--help']]) {
			const bundled = await lantoa(args, {});
			const sources = await lantoa(args, { LANTOA_CLI_SOURCES: '1' });
			expect(bundled.code, args.join(' ')).toBe(0);
			expect(bundled.stdout, args.join(' ')).toContain('Usage: lantoa');
			expect(bundled.stdout).toBe(sources.stdout);
		}
		const unknown = await lantoa(['khong-co'], {});
		expect(unknown.code).not.toBe(0);
		expect(unknown.stderr).toContain('khong-co');
		expect((await lantoa(['khong-co'], { LANTOA_CLI_SOURCES: '1' })).stderr).toBe(unknown.stderr);
		// A name every object has is no command group either.
		const inherited = await lantoa(['constructor'], {});
		expect(inherited.code).toBe(unknown.code);
		expect(inherited.stderr).toContain("unknown command 'constructor'");
	});
});

/** The command line of a process's children, from /proc. */
function childCommands(pid: number): string[] {
	const kids = fs.readdirSync(`/proc/${pid}/task`).flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
	return kids.map((k) => fs.readFileSync(`/proc/${k}/cmdline`, 'utf8').split('\0').join(' '));
}

describe.runIf(fs.existsSync(path.join(root, 'build', 'index.js')) && fs.existsSync('/proc/self/stat'))('lantoa serve and its heap', () => {
	it('on the embedded database the server runs with a 384 MB heap; LANTOA_HEAP_MB changes it, 0 leaves it to V8', async () => {
		const { startAppServer } = await import('../lib/server/testing/app-server');
		for (const [env, cap] of [[{}, 384], [{ LANTOA_HEAP_MB: '256' }, 256], [{ LANTOA_HEAP_MB: '0' }, null]] as const) {
			const app = await startAppServer({ env: { ...env, LANTOA_DEMO: 'false' } });
			try {
				expect((await fetch(app.url + '/readyz')).status).toBe(200);
				const children = childCommands(app.pid).filter((c) => c.includes('lantoa.js serve'));
				if (cap === null) expect(children).toEqual([]);
				else {
					expect(children).toHaveLength(1);
					expect(children[0]).toContain(`--max-old-space-size=${cap}`);
				}
			} finally {
				await app.stop();
			}
		}
	});
});
