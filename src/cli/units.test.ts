import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../lib/server/files/tabular';

const root = path.resolve('.');

/** Runs `lantoa …` as its own process on an embedded database in `dataDir`, as an operator would. */
function lantoa(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST')) env[k] = v;
	delete env.DATABASE_URL;
	Object.assign(env, { LANTOA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => out.push(d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
	});
}

// Each run is a new process (tsx, then the embedded database opened and migrated): seconds each.
describe('lantoa units import / export', { timeout: 180_000 }, () => {
	let dir: string;
	const file = (name: string, text: string) => {
		const p = path.join(dir, name);
		fs.writeFileSync(p, text);
		return p;
	};

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-units-cli-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('a file with bad rows imports nothing: JSON alone on stdout, the reason on stderr, exit 1', async () => {
		const bad = file('bad.csv', 'code,name,level,parent_code\nT1,Tỉnh Thử,province,\nT1-X,Xã Lạ,hamlet,T1\n');
		const res = await lantoa(path.join(dir, 'data'), ['units', 'import', bad, '--json']);
		expect(res.code).toBe(1);
		expect(JSON.parse(res.stdout.toString())).toEqual({
			rows: 2,
			created: 0,
			updated: 0,
			unchanged: 0,
			skipped: 0,
			errors: [{ row: 3, column: 'level', message: expect.stringContaining('hamlet') }]
		});
		expect(res.stderr).toContain('chưa nhập dòng nào');

		const skipped = await lantoa(path.join(dir, 'data'), ['units', 'import', bad, '--skip-errors', '--json', '--lang', 'en']);
		expect(skipped.code).toBe(0);
		expect(JSON.parse(skipped.stdout.toString())).toMatchObject({ created: 1, skipped: 1, errors: [{ message: expect.stringMatching(/^Unknown unit level/) }] });
	});

	it('exports XLSX to a file and CSV to stdout; the export imports back unchanged', async () => {
		const data = path.join(dir, 'data');
		file('tree.csv', 'code,name,level,parent_code,valid_from\nT1-C,Xã Thử,commune,T1,01/07/2025\n');
		expect((await lantoa(data, ['units', 'import', path.join(dir, 'tree.csv')])).stderr).toContain('1 đơn vị mới');
		const out = path.join(dir, 'units.xlsx');
		const exported = await lantoa(data, ['units', 'export', '--format', 'xlsx', '--root', 'T1', '--out', out]);
		expect(exported.code).toBe(0);
		expect((await readTable(fs.readFileSync(out))).rows.map((r) => r.values)).toEqual([
			{ code: 'T1', name: 'Tỉnh Thử', level: 'province', parent_code: '', valid_from: '', valid_to: '', successor_code: '' },
			{ code: 'T1-C', name: 'Xã Thử', level: 'commune', parent_code: 'T1', valid_from: '2025-07-01', valid_to: '', successor_code: '' }
		]);
		const again = await lantoa(data, ['units', 'import', out, '--json']);
		expect(JSON.parse(again.stdout.toString())).toMatchObject({ rows: 2, unchanged: 2 });
		const csv = await lantoa(data, ['units', 'export', '--root', 'T1-C']);
		expect(csv.stdout.toString('utf8')).toBe('\uFEFFcode,name,level,parent_code,valid_from,valid_to,successor_code\r\nT1-C,Xã Thử,commune,T1,2025-07-01,,\r\n');
	});

	it('refuses a file that is not a table with exit 2 and a message', async () => {
		const res = await lantoa(path.join(dir, 'data'), ['units', 'import', file('notes.pdf', '%PDF-1.4\n')]);
		expect(res.code).toBe(2);
		expect(res.stderr).toContain('CSV');
	});
});
