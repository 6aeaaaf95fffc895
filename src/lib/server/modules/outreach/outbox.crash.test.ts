import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { openDatabase, type Database } from '../../db/client';
import { buildUnit } from '../../testing/factories';
import { enqueueOutbox, type OutboxInput } from './outbox';
import { outboxAttempts, outboxMessages } from './outbox.tables';
import { startFakeSmsGateway, type FakeSmsGateway } from './testing/sms-server';

const COUNT = 300;
const drainScript = path.resolve('src/lib/server/modules/outreach/testing/outbox-drain.ts');

async function urlOf(database: Database): Promise<string> {
	const { rows } = await database.sql.query<{ name: string }>('SELECT current_database() AS name');
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = '/' + rows[0].name;
	return url.toString();
}

function startDrain(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
	const child = spawn(process.execPath, ['--import', 'tsx', drainScript], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (d) => (stderr += d));
	const exited = new Promise<number | null>((resolve) =>
		child.on('exit', (code) => {
			if (code && code !== 0) console.error(stderr.slice(-2000));
			resolve(code);
		})
	);
	return { child, exited };
}

async function until(probe: () => boolean, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (!probe()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe.each(testDrivers)('outbox: a worker killed in the middle of a batch (%s)', (driver) => {
	let gateway: FakeSmsGateway;
	let database: Database | null = null;
	let dataDir: string | null = null;

	beforeAll(async () => {
		gateway = await startFakeSmsGateway({ apiKeys: ['crash-key'] });
		// Slow answers, so the kill lands while requests are in flight.
		gateway.slow(30);
	});
	afterAll(async () => {
		await gateway?.close();
		await database?.close();
		if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it(`delivers each of ${COUNT} SMS exactly once after a SIGKILL and a restart, and every row ends sent`, async () => {
		let drainEnv: Record<string, string>;
		const messages = (unitId: string): OutboxInput[] =>
			Array.from({ length: COUNT }, (_, i) => ({
				unitId,
				channel: 'sms' as const,
				kind: 'notice',
				recipient: `8491${String(1_000_000 + i).slice(1)}`.padEnd(11, '0'),
				body: `Xã Thử: họp dân thôn vào thứ Sáu (${i}). Soạn HUY gửi 8088 để ngừng nhận.`,
				idempotencyKey: `crash:${driver}:${i}`
			}));
		if (driver === 'postgres') {
			database = await createTestDatabase('postgres');
			const unit = await buildUnit(database.db, { code: 'CRASH', name: 'Xã Thử' });
			await enqueueOutbox(database.db, messages(unit.id));
			drainEnv = { DRAIN_DATABASE_URL: await urlOf(database) };
		} else {
			// PGlite keeps its data in a directory one process opens at a time: the test closes it while the worker runs.
			dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantoa-crash-'));
			const db0 = await openDatabase({ dataDir });
			await db0.migrate(path.resolve('drizzle'));
			const unit = await buildUnit(db0.db, { code: 'CRASH', name: 'Xã Thử' });
			await enqueueOutbox(db0.db, messages(unit.id));
			await db0.close();
			drainEnv = { DRAIN_DATA_DIR: dataDir };
		}
		const env = {
			...drainEnv,
			DRAIN_LEASE_SECONDS: '2',
			LANTOA_SMS_GATEWAY_URL: gateway.url,
			LANTOA_SMS_GATEWAY_KEY: 'crash-key',
			LANTOA_RATE_SMS: '5000'
		};
		const first = startDrain({ ...env, DRAIN_WORKER: 'first' });
		await until(() => gateway.deliveredCount() >= COUNT / 3, 120_000);
		if (database) {
			// On PostgreSQL the test can look: kill while the worker holds a claimed batch (between
			// batches it may wait for its next round, so look for as long as it takes).
			const holding = async () =>
				Number((await database!.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages).where(sql`${outboxMessages.status} = 'sending'`))[0].n) > 0;
			for (const deadline = Date.now() + 60_000; !(await holding()); ) if (Date.now() > deadline) throw new Error('the worker never held a claimed batch');
		}
		first.child.kill('SIGKILL');
		await first.exited;
		// What the dead worker still held (its batch may have ended between the look and the kill).
		const held = database
			? Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages).where(sql`${outboxMessages.status} = 'sending'`))[0].n)
			: null;
		const deliveredAtKill = gateway.deliveredCount();
		expect(deliveredAtKill).toBeLessThan(COUNT);

		const second = startDrain({ ...env, DRAIN_WORKER: 'second' });
		expect(await second.exited).toBe(0);

		// The phones: every message once, none twice.
		expect(gateway.duplicates()).toEqual([]);
		expect(gateway.delivered.size).toBe(COUNT);
		expect([...gateway.delivered.values()].every((n) => n === 1)).toBe(true);

		if (driver === 'pglite') database = await openDatabase({ dataDir: dataDir! });
		const db = database!.db;
		const byStatus = await db.select({ status: outboxMessages.status, n: sql<number>`count(*)::int` }).from(outboxMessages).groupBy(outboxMessages.status);
		expect(byStatus).toEqual([{ status: 'sent', n: COUNT }]);
		// The provider id recorded is the gateway's id of the one SMS each phone got.
		const ids = await db.select({ key: outboxMessages.idempotencyKey, provider: outboxMessages.providerMessageId }).from(outboxMessages);
		const sentIds = new Map(gateway.sent.map((s) => [s.idempotencyKey, s.id]));
		for (const r of ids) expect(r.provider).toBe(sentIds.get(r.key));
		// Every message the first worker still held when it died was taken over by the second, once (counted on PostgreSQL, where the test can look).
		const takenOver = await db.select({ n: sql<number>`count(*)::int` }).from(outboxAttempts).where(sql`${outboxAttempts.detail} = 'outreach.error.leaseExpired'`);
		if (held !== null) expect(Number(takenOver[0].n)).toBe(held);
		const workers = await db.selectDistinct({ worker: outboxAttempts.worker }).from(outboxAttempts).where(sql`${outboxAttempts.outcome} = 'sent'`);
		expect(workers.map((w) => w.worker).sort()).toEqual(['first', 'second']);
	}, 240_000);
});
