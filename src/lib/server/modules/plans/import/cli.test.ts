import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanFile } from './index';
import { readSeed, seedPath } from './testing';

// `lantoa plans import` as an operator runs it: its own process, stdout and stderr apart.

const root = path.resolve('.');
const bin = path.join(root, 'bin', 'lantoa.js');

function lantoa(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const childEnv: Record<string, string> = { LOG_LEVEL: 'warn' };
	for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'DATABASE_URL') childEnv[k] = v;
	Object.assign(childEnv, env);
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

describe('lantoa plans import', () => {
	let work: string;
	beforeAll(() => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-plan-import-'));
	});
	afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

	it('--dry-run --json prints exactly one JSON document, the parsed plan, and nothing else on stdout', async () => {
		// The seed path as a user types it from the repository: ../shared/seeds/002_….txt
		const relative = path.relative(root, seedPath('002'));
		const res = await lantoa(['plans', 'import', relative, '--dry-run', '--json']);
		expect(res.code).toBe(0);
		expect(JSON.parse(res.stdout)).toEqual(await parsePlanFile(readSeed('002'), 'seed.txt'));
		expect(res.stdout.trim().startsWith('{') && res.stdout.trim().endsWith('}')).toBe(true);
		expect(res.stderr).toContain('Read the plan “Truyền thông về Chương trình');
	});

	it('prints warnings on stderr in both languages; bad input is a bilingual message and exit 2', async () => {
		const empty = path.join(work, 'empty.md');
		fs.writeFileSync(empty, '');
		// Each run starts its own process; they are independent, so they run side by side.
		const [warned, notFound, noUnit, emptyFile] = await Promise.all([
			lantoa(['plans', 'import', path.relative(root, seedPath('000')), '--dry-run', '--json']),
			lantoa(['plans', 'import', path.join(work, 'missing.docx'), '--dry-run']),
			lantoa(['plans', 'import', path.relative(root, seedPath('002'))]),
			lantoa(['plans', 'import', empty, '--dry-run', '--json'])
		]);
		expect(warned.code).toBe(0);
		expect(JSON.parse(warned.stdout).issuer).toBe('UBND xã Hà Bình');
		expect(warned.stderr).toContain('Cảnh báo / Warning: Không có phần đầu văn bản');
		for (const res of [notFound, noUnit, emptyFile]) {
			expect(res.code).toBe(2);
			expect(res.stdout).toBe('');
			expect(res.stderr).toMatch(/^Lỗi \/ Error: .+ \/ .+/u);
		}
		expect(emptyFile.stderr).toContain('The file is empty');
		expect(noUnit.stderr).toContain('--unit');
	});

	it('stores the plan as a draft of the unit and prints its id', async () => {
		const env = { LANTOA_DATA_DIR: path.join(work, 'data') };
		const units = path.join(work, 'units.csv');
		fs.writeFileSync(units, 'code,name,level,parent_code\n42,Tỉnh Lâm Đồng,province,\n42-DQ,Xã Đa Quyn,commune,42\n');
		expect((await lantoa(['units', 'import', units], env)).code).toBe(0);
		const res = await lantoa(['plans', 'import', seedPath('002'), '--unit', '42-DQ'], env);
		expect(res.stderr).not.toContain('Lỗi');
		expect(res.code).toBe(0);
		expect(res.stdout.trim()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		expect(res.stderr).toContain(`Stored the plan as a draft in unit 42-DQ: ${res.stdout.trim()}`);
	});
});
