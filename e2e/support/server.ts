import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';

export interface ServerHandle {
	/** `http://127.0.0.1:<port>` of this file's server. */
	readonly url: string;
	readonly server: AppServer;
}

/** Runs `start` with the working directory at this run's copy of the build (see global-setup.ts). */
function inAppRoot(start: () => Promise<AppServer>): Promise<AppServer> {
	const cwd = process.cwd();
	process.chdir(inject('appRoot'));
	try {
		return start();
	} finally {
		process.chdir(cwd);
	}
}

/**
 * A PGlite data directory holding the demo data, loaded once per run by the first file that asks
 * and copied for every file after it: loading the whole demo takes the better part of a minute,
 * copying it a second or two. The loading server runs no jobs (so the copies start with the
 * outbox, reminders and schedules as the demo left them, for their own server's jobs) and is
 * stopped before the copy; when it did not close its database cleanly (its pid file is still
 * there) there is no template and every file loads the demo itself. Settings a file puts in the
 * environment apply to its own server, not to what the demo loaded (a file that needs the demo
 * loaded differently starts its own server).
 */
async function demoTemplate(): Promise<string | null> {
	const dir = path.join(inject('appRoot'), 'demo-data');
	const ready = path.join(inject('appRoot'), 'demo-data.ready');
	const failed = path.join(inject('appRoot'), 'demo-data.failed');
	if (fs.existsSync(ready)) return dir;
	if (fs.existsSync(failed)) return null;
	const loader = await inAppRoot(() => startAppServer({ dataDir: dir, timeoutMs: 300_000, env: { LANTOA_IN_PROCESS_WORKER: 'false' } }));
	await loader.stop();
	if (fs.existsSync(path.join(dir, 'lantoa.pid'))) {
		fs.writeFileSync(failed, loader.output().slice(-2000));
		fs.rmSync(dir, { recursive: true, force: true });
		return null;
	}
	fs.writeFileSync(ready, new Date().toISOString());
	return dir;
}

/**
 * One app server for the test file: the built app on a free port with its own PGlite database
 * holding the demo data, started in beforeAll and stopped in afterAll. Each file's database is a
 * fresh copy, so what one file changes no other file sees; tests within a file share it, so a test
 * that changes state the others rely on (a locked account) belongs in its own file.
 */
export function useAppServer(): ServerHandle {
	let server: AppServer | undefined;
	let dataDir: string | undefined;
	beforeAll(async () => {
		const template = await demoTemplate();
		if (template) {
			dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-app-'));
			fs.cpSync(template, dataDir, { recursive: true });
		}
		server = await inAppRoot(() => startAppServer({ timeoutMs: 300_000, ...(dataDir ? { dataDir } : {}) }));
		// The first file loads the demo (the better part of a minute, up to four on a busy machine).
	}, 480_000);
	afterAll(async () => {
		await server?.stop();
		if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	});
	return {
		get server() {
			if (!server) throw new Error('the app server starts in beforeAll');
			return server;
		},
		get url() {
			if (!server) throw new Error('the app server starts in beforeAll');
			return server.url;
		}
	};
}
