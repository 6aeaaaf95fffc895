import PgBoss from 'pg-boss';
import type { Database } from '../db/client';
import { log } from '../log';
import { jobDefinitions, type JobContext } from './registry';

export interface Jobs {
	boss: PgBoss;
	/** Queues a job; later modules call this from their services. */
	send(name: string, data?: object, options?: PgBoss.SendOptions): Promise<string | null>;
	stop(): Promise<void>;
}

/**
 * Starts pg-boss on the application's database. On PostgreSQL it has its own pool; on PGlite it
 * goes through the one embedded connection (`executeSql`). With `work`, this process also runs the
 * handlers and the schedules (the server by default, or `lantoa worker`).
 */
export async function startJobs(database: Database, opts: { databaseUrl: string | null; work: boolean; ctx: JobContext }): Promise<Jobs> {
	const common = { schema: 'pgboss', supervise: opts.work, schedule: opts.work, migrate: true } as const;
	const boss = opts.databaseUrl
		? new PgBoss({ connectionString: opts.databaseUrl, max: 4, ...common })
		: new PgBoss({
				db: { executeSql: (text: string, values?: unknown[]) => database.sql.query(text, values) },
				...common
			});
	boss.on('error', (err) => log.error({ err }, 'job queue error'));
	await boss.start();
	for (const def of jobDefinitions) {
		await boss.createQueue(def.name).catch(() => {});
	}
	if (opts.work) {
		for (const def of jobDefinitions) {
			await boss.work(def.name, { pollingIntervalSeconds: def.pollingSeconds ?? 2 }, async (jobs) => {
				for (const job of jobs) await def.handler(opts.ctx, job.data as never);
			});
			if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
		}
	}
	return {
		boss,
		send: (name, data = {}, options = {}) => boss.send(name, data, options),
		async stop() {
			await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
		}
	};
}
