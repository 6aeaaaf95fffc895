import { afterAll, beforeAll, inject } from 'vitest';
import { startAppServer, type AppServer } from '../../src/lib/server/testing/app-server';

export interface ServerHandle {
	/** `http://127.0.0.1:<port>` of this file's server. */
	readonly url: string;
	readonly server: AppServer;
}

/**
 * One app server for the test file: the built app on a free port with a fresh PGlite database and
 * the demo data, started in beforeAll and stopped in afterAll. Tests in the file share it, so a
 * test that changes state the others rely on (a locked account) belongs in its own file.
 */
export function useAppServer(): ServerHandle {
	let server: AppServer | undefined;
	beforeAll(async () => {
		// startAppServer runs the app found in the working directory; point it, for the moment of
		// the call, at this run's copy of the build (see global-setup.ts).
		const cwd = process.cwd();
		process.chdir(inject('appRoot'));
		let starting: Promise<AppServer>;
		try {
			starting = startAppServer();
		} finally {
			process.chdir(cwd);
		}
		server = await starting;
		// Loading the whole demo into a fresh database takes the better part of a minute.
	}, 300_000);
	afterAll(async () => {
		await server?.stop();
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
