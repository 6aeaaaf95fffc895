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
	// On PGlite, pg-boss's maintenance and cron monitor run multi-statement transactions on the one
	// shared connection, which stalled page requests for seconds under load; there, this process
	// queues the scheduled jobs itself (below) and expired jobs are left to archive on PostgreSQL.
	const embedded = !opts.databaseUrl;
	const common = { schema: 'pgboss', supervise: opts.work && !embedded, schedule: opts.work && !embedded, migrate: true } as const;
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
			if (def.cron && !embedded) await boss.schedule(def.name, def.cron, {}, { tz: 'Asia/Ho_Chi_Minh' });
		}
		// Jobs that keep a poller of their own start with the process, not at their first schedule
		// (on the embedded database that would be up to an hour away).
		for (const def of jobDefinitions.filter((d) => d.boot)) await boss.send(def.name, {}).catch((err) => log.error({ err }, 'scheduling failed'));
	}
	// The embedded database's stand-in for pg-boss's cron monitor: scheduled jobs are queued hourly.
	const timer =
		opts.work && embedded && jobDefinitions.some((d) => d.cron)
			? setInterval(() => {
					const hour = new Date().toISOString().slice(0, 13);
					for (const def of jobDefinitions.filter((d) => d.cron))
						boss.send(def.name, {}, { singletonKey: `${def.name}:${hour}` }).catch((err) => log.error({ err }, 'scheduling failed'));
				}, 3_600_000)
			: null;
	timer?.unref();
	return {
		boss,
		send: (name, data = {}, options = {}) => boss.send(name, data, options),
		async stop() {
			if (timer) clearInterval(timer);
			for (const def of jobDefinitions) await def.stop?.().catch((err) => log.error({ err }, 'job stop failed'));
			await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
		}
	};
}
