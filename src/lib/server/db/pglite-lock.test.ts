import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { lockDataDir, processAlive } from './pglite-lock';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-lock-'));
	dirs.push(d);
	return d;
};

/**
 * A process that has ended but is not reaped: `sh` starts a short `sleep` and becomes a long one,
 * which never waits for it. The short one outlives the `exec` (a `true` there could end first and
 * be reaped by the shell, leaving no process at all).
 */
async function zombie(): Promise<{ pid: number; parent: ReturnType<typeof spawn> }> {
	const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 10'], { stdio: ['ignore', 'pipe', 'ignore'] });
	const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
	for (let i = 0; i < 500 && !/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); i++) await new Promise((r) => setTimeout(r, 10));
	expect(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z/);
	return { pid, parent };
}

describe('the embedded database directory lock', () => {
	it('refuses a second opener while the holder lives, and frees the directory on release', () => {
		const dir = tempDir();
		const release = lockDataDir(dir);
		expect(fs.readFileSync(path.join(dir, 'lantoa.pid'), 'utf8')).toBe(String(process.pid));
		// Another live process holds it: this process is refused.
		fs.writeFileSync(path.join(dir, 'lantoa.pid'), String(process.ppid));
		try {
			lockDataDir(dir);
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(AppError);
			expect((err as AppError).messageKey).toBe('error.pglite.locked');
		}
		fs.writeFileSync(path.join(dir, 'lantoa.pid'), String(process.pid));
		release();
		expect(fs.existsSync(path.join(dir, 'lantoa.pid'))).toBe(false);
	});

	it.runIf(fs.existsSync('/proc/self/stat'))('takes over from a holder that has ended, even one not yet reaped', async () => {
		const { pid, parent } = await zombie();
		try {
			expect(processAlive(pid)).toBe(false);
			expect(processAlive(parent.pid!)).toBe(true);
			const dir = tempDir();
			fs.writeFileSync(path.join(dir, 'lantoa.pid'), String(pid));
			const release = lockDataDir(dir);
			expect(fs.readFileSync(path.join(dir, 'lantoa.pid'), 'utf8')).toBe(String(process.pid));
			release();
		} finally {
			parent.kill('SIGKILL');
		}
	});
});
