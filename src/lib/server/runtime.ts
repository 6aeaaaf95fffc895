import { sql } from 'drizzle-orm';
import { readConfig, type AppConfig } from './config';
import { openDatabase, type Database } from './db/client';
import { lockDataDir } from './db/pglite-lock';
import type { Jobs } from './jobs/boss';
import { log } from './log';
import { users } from './modules/users/users.tables';

export interface Runtime {
	config: AppConfig;
	database: Database;
	jobs: Jobs | null;
	close(): Promise<void>;
}

export interface StartOptions {
	/** `server` loads demo data into an empty database and may run jobs; `cli` only migrates. */
	role: 'server' | 'cli' | 'worker';
	config?: AppConfig;
}

/** Opens the configured database, migrates it, and (for the server) seeds demo data and starts jobs. */
export async function startRuntime(opts: StartOptions): Promise<Runtime> {
	const config = opts.config ?? readConfig();
	const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
	let database: Database;
	try {
		database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
		await database.migrate(config.migrationsDir);
	} catch (err) {
		unlock();
		throw err;
	}
	if (opts.role === 'server' && config.demo) {
		const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(users);
		if (n === 0) {
			// The demo and the jobs load only where they run: a command such as a list import starts without them.
			const { seedDemo } = await import('./seed/demo');
			await seedDemo(database.db);
			log.info('demo data loaded');
			await printDemoLogins();
		}
	}
	let jobs: Jobs | null = null;
	if (opts.role === 'worker' || (opts.role === 'server' && config.inProcessWorker)) {
		const { startJobs } = await import('./jobs/boss');
		jobs = await startJobs(database, { databaseUrl: config.databaseUrl, work: true, ctx: { db: database.db } });
	}
	return {
		config,
		database,
		jobs,
		async close() {
			await jobs?.stop();
			await database.close();
			unlock();
		}
	};
}

export async function printDemoLogins(): Promise<void> {
	const { demoAccounts } = await import('./seed/demo');
	const lines = demoAccounts.map((a) => `  ${a.username.padEnd(20)} ${a.description}`);
	process.stderr.write(
		`\nTài khoản dùng thử / Demo accounts (mật khẩu / password: lantoa-demo):\n${lines.join('\n')}\n\n`
	);
}

const KEY = Symbol.for('lantoa.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

/** The server's one runtime, started on first use and shared by every request. */
export function getRuntime(): Promise<Runtime> {
	const holder = globalThis as Holder;
	holder[KEY] ??= startRuntime({ role: 'server' }).then((rt) => {
		// Ctrl-C reaches both `lantoa serve` and the heap-capped server it started, which passes
		// it on as well: a second signal must not cut the closing short.
		let stopping = false;
		const stop = async () => {
			if (stopping) return;
			stopping = true;
			await rt.close().catch(() => {});
			process.exit(0);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		return rt;
	});
	return holder[KEY];
}
