import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../db/pglite-lock';

export interface AppServer {
	url: string;
	port: number;
	/** Pid of `lantoa serve` (which may run the server as its child, with a capped heap). */
	pid: number;
	dataDir: string | null;
	/** Stops the server gracefully and removes its temporary data. */
	stop(): Promise<void>;
	/** Kills the process at once (SIGKILL), keeping its data, to test what survives a crash. */
	kill(): Promise<void>;
	output(): string;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Starts the built app (`build/`, from `npm run build`) as `lantoa serve` on a free port, with a
 * fresh PGlite data directory (or the given `databaseUrl`), demo data loaded, and waits until
 * /readyz answers. Used by browser tests, the API fuzz test and the benchmarks.
 */
export async function startAppServer(opts: { databaseUrl?: string; dataDir?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<AppServer> {
	const root = path.resolve(process.cwd());
	if (!fs.existsSync(path.join(root, 'build', 'index.js'))) throw new Error('build/ is missing: run `npm run build` first');
	const port = await freePort();
	const dataDir = opts.databaseUrl ? null : (opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-app-')));
	const env: Record<string, string> = {
		...(process.env as Record<string, string>),
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
		...opts.env
	};
	delete env.VITEST;
	if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
	else {
		delete env.DATABASE_URL;
		env.LANTOA_DATA_DIR = dataDir!;
	}
	let out = '';
	const killGroup = () => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	};
	// Its own process group: `kill()` ends the command and the heap-capped server it starts at once.
	const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin', 'lantoa.js'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => {
		out += d;
		// Slow requests are shown where the test runs, so a stall can be told from a slow test.
		for (const line of String(d).split('\n')) if (line.includes('"slow request"')) process.stderr.write(`[app ${port}] ${line}\n`);
	});
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + (opts.timeoutMs ?? 240_000);
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
		try {
			const res = await fetch(url + '/readyz');
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			killGroup();
			throw new Error(`server did not become ready:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	const exited = () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
	/** Until the process that holds the embedded database (the capped server, a child) is gone too. */
	const released = async () => {
		if (!dataDir) return;
		const deadline = Date.now() + 5000;
		for (;;) {
			const pid = Number(fs.readFileSync(path.join(dataDir, 'lantoa.pid'), 'utf8').trim());
			if (!pid || !processAlive(pid) || Date.now() > deadline) return;
			await new Promise((r) => setTimeout(r, 20));
		}
	};
	return {
		url,
		port,
		pid: child.pid!,
		dataDir,
		output: () => out,
		async stop() {
			child.kill('SIGTERM');
			await Promise.race([exited(), new Promise((r) => setTimeout(r, 5000))]);
			if (child.exitCode === null) killGroup();
			await exited();
			await released().catch(() => {});
			if (dataDir && !opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
		},
		async kill() {
			killGroup();
			await exited();
			await released().catch(() => {});
		}
	};
}
