import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import { buildActor, buildUnit } from '../testing/factories';
import { enqueueOutbox } from '../modules/outreach/outbox';
import { outboxMessages } from '../modules/outreach/outbox.tables';
import type { Database } from '../db/client';
import { sessions } from '../modules/users/users.tables';
import { startJobs, type Jobs } from './boss';
import { jobDefinitions } from './registry';

/** The URL of the test database the `postgres` driver opened (pg-boss keeps its own pool). */
async function urlOf(database: Database): Promise<string> {
	const { rows } = await database.sql.query<{ name: string }>('SELECT current_database() AS name');
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = '/' + rows[0].name;
	return url.toString();
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe.each(testDrivers)('background jobs (%s)', (driver) => {
	let database: Database;
	let jobs: Jobs;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const databaseUrl = driver === 'postgres' ? await urlOf(database) : null;
		jobs = await startJobs(database, { databaseUrl, work: true, ctx: { db: database.db } });
	});
	afterAll(async () => {
		await jobs?.stop();
		await database?.close();
	});

	it('pg-boss installs its schema and a queue for every job definition', async () => {
		const { rows } = await database.sql.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgboss' AND table_name = 'job'"
		);
		expect(rows[0].n).toBe(1);
		for (const def of jobDefinitions) expect(await jobs.boss.getQueue(def.name), def.name).not.toBeNull();
	});

	it('a job that is sent is worked, with its data', async () => {
		// A queue of the test's own: production definitions stay as they are.
		const name = `test-echo-${driver}`;
		await jobs.boss.createQueue(name);
		const seen: unknown[] = [];
		await jobs.boss.work(name, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
			seen.push(job.data);
		});
		const id = await jobs.send(name, { village: 'Thôn Một', count: 3 });
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		await until(async () => seen.length > 0);
		expect(seen).toEqual([{ village: 'Thôn Một', count: 3 }]);
		const done = await until(async () => {
			const job = await jobs.boss.getJobById(name, id!);
			return job?.state === 'completed' ? job : null;
		});
		expect(done.state).toBe('completed');
	});

	it('a failing handler leaves the job failed, not lost', async () => {
		const name = `test-fail-${driver}`;
		await jobs.boss.createQueue(name, { name, retryLimit: 0 });
		await jobs.boss.work(name, { pollingIntervalSeconds: 0.5 }, async () => {
			throw new Error('handler failed on purpose');
		});
		const id = await jobs.send(name, {});
		const failed = await until(async () => {
			const job = await jobs.boss.getJobById(name, id!);
			return job?.state === 'failed' ? job : null;
		});
		expect(JSON.stringify(failed.output)).toContain('handler failed on purpose');
	});

	it('the registered sessions-purge job removes expired sessions when sent', async () => {
		const who = await buildActor(database.db, 'admin', null, `jobs.${driver}`);
		const past = new Date(Date.now() - 3_600_000);
		await database.db.insert(sessions).values([
			{ id: `expired-${driver}`, userId: who.userId!, expiresAt: past, lastSeenAt: past },
			{ id: `current-${driver}`, userId: who.userId!, expiresAt: new Date(Date.now() + 3_600_000) }
		]);
		await jobs.send('sessions-purge');
		await until(async () => (await database.db.select().from(sessions).where(eq(sessions.id, `expired-${driver}`))).length === 0);
		const left = await database.db.select({ id: sessions.id }).from(sessions).where(sql`${sessions.id} like ${'%-' + driver}`);
		expect(left.map((s) => s.id)).toEqual([`current-${driver}`]);
	});

	it('the outbox poller starts with the working process: a queued message is dealt with unasked', async () => {
		// No mail server is configured here, so the message ends dead with its reason; what matters is
		// that nobody sent the job or woke the outbox: the process started the poller itself.
		const unit = await buildUnit(database.db, { code: `J${driver.length}${Date.now() % 100000}` });
		const { ids } = await enqueueOutbox(database.db, [
			{ unitId: unit.id, channel: 'email', kind: 'reminder', recipient: 'can.bo@example.vn', body: 'Nhắc việc', idempotencyKey: `jobs-boot-${driver}` }
		]);
		const row = await until(async () => {
			const [m] = await database.db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
			return m.status === 'queued' ? null : m;
		});
		expect(['dead', 'failed']).toContain(row.status);
		expect(row.attempts).toBeGreaterThan(0);
	});
});
