import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

/** True when a process with this pid exists on this machine. */
export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
	// A process that has ended but not yet been reaped (a zombie, state Z) answers kill(0) too.
	try {
		return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return true; // no /proc here: kill(0) has answered
	}
}

/**
 * PGlite is one process's database: two processes writing one data directory would corrupt it.
 * A pid file refuses a second opener with a clear message; a stale file (dead pid) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = path.join(dataDir, 'lantoa.pid');
	try {
		const pid = Number(fs.readFileSync(file, 'utf8').trim());
		if (pid && pid !== process.pid && processAlive(pid)) throw new AppError('CONFLICT', 'error.pglite.locked', { pid });
	} catch (err) {
		if (err instanceof AppError) throw err;
	}
	fs.writeFileSync(file, String(process.pid));
	return () => {
		try {
			if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
		} catch {
			/* already gone */
		}
	};
}
