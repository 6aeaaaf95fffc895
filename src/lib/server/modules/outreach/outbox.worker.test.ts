import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { systemActor } from '../../access/actor';
import { buildHouseholdWorld, buildHousehold } from '../households/households.testing';
import { recordConsent } from '../households/households.consent';
import { units } from '../units/units.tables';
import { subscriptions } from './subscriptions.tables';
import { outboxAttempts, outboxMessages } from './outbox.tables';
import { enqueueOutbox, type OutboxInput } from './outbox';
import { deliverDue, backoffSeconds, platformKeyOf, runOutboxJob, stopOutboxPoller, wakeOutbox } from './outbox.worker';
import { onDelivery } from './outbox.hooks';
import { claimDue, takeRateSlot } from './outbox.repository';
import { recordReceipt } from './outbox.receipts';
import { messageIdOf } from './adapters/email';
import { startTestSmtp, type TestSmtp } from './testing/smtp';
import { startFakeSmsGateway } from './testing/sms-server';

const envKeys = ['LANTOA_SMTP_URL', 'LANTOA_SMS_GATEWAY_URL', 'LANTOA_SMS_GATEWAY_KEY', 'LANTOA_RATE_EMAIL'] as const;

describe.each(testDrivers)('outbox worker (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let smtp: TestSmtp;
	let world: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let c1: string;
	const saved: Record<string, string | undefined> = {};
	let n = 0;

	const mail = (over: Partial<OutboxInput> = {}): OutboxInput => ({
		unitId: c1,
		channel: 'email',
		kind: 'reminder',
		recipient: `can.bo${++n}@xa-mot.example`,
		subject: 'Nhắc việc',
		body: 'Báo cáo quý sắp đến hạn.',
		idempotencyKey: `test:${driver}:${n}:${Math.random()}`,
		...over
	});

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		world = await buildHouseholdWorld(db);
		c1 = world.tree.c1.id;
		smtp = await startTestSmtp();
		for (const k of envKeys) saved[k] = process.env[k];
		process.env.LANTOA_RATE_EMAIL = '1000';
	});
	afterAll(async () => {
		for (const k of envKeys) {
			if (saved[k] === undefined) delete process.env[k];
			else process.env[k] = saved[k];
		}
		await smtp?.close();
		await database?.close();
	});
	beforeEach(async () => {
		process.env.LANTOA_SMTP_URL = smtp.url;
		smtp.messages.length = 0;
		// Each test starts from an outbox with nothing due.
		await db.execute(sql`UPDATE outbox_messages SET status = 'cancelled' WHERE status IN ('queued', 'failed', 'sending')`);
	});
	afterEach(() => {
		delete process.env.LANTOA_SMTP_URL;
	});

	it('sends an e-mail through a real SMTP server with the Message-ID of its key and the one-click unsubscribe headers', async () => {
		const input = mail({ kind: 'subscription', payload: { unsubscribeUrl: 'http://lantoa.test/portal/huy/abc' } });
		const { ids } = await enqueueOutbox(db, [input]);
		const summary = await deliverDue(db, { workerId: 'w-test' });
		expect(summary).toEqual({ sent: 1, failed: 0, dead: 0, cancelled: 0 });
		expect(smtp.messages).toHaveLength(1);
		const got = smtp.messages[0];
		expect(got.subject).toBe('Nhắc việc');
		expect(got.text?.trim()).toBe('Báo cáo quý sắp đến hạn.');
		expect(smtp.envelopes.at(-1)).toEqual([input.recipient]);
		expect(got.messageId?.replace(/^<|>$/g, '')).toBe(messageIdOf(input.idempotencyKey, 'Lan Tỏa <no-reply@lantoa.local>').slice(1, -1));
		const raw = Object.fromEntries(got.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).trim()]));
		expect(raw['list-unsubscribe']).toBe('<http://lantoa.test/portal/huy/abc>');
		expect(raw['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
		const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect(row.status).toBe('sent');
		expect(row.sentAt).not.toBeNull();
		expect(row.leaseUntil).toBeNull();
		const log = await db.select().from(outboxAttempts).where(eq(outboxAttempts.messageId, ids[0]));
		expect(log.map((l) => [l.outcome, l.worker, l.attempt])).toEqual([['sent', 'w-test', 1]]);
		// Nothing is due any more: a second round sends nothing.
		expect(await deliverDue(db)).toEqual({ sent: 0, failed: 0, dead: 0, cancelled: 0 });
		expect(smtp.messages).toHaveLength(1);
	});

	it('gives up at once, with the reason, when the channel has no configuration', async () => {
		delete process.env.LANTOA_SMTP_URL;
		delete process.env.LANTOA_SMS_GATEWAY_URL;
		const { ids } = await enqueueOutbox(db, [mail(), mail({ channel: 'sms', recipient: '84912345678' }), mail({ channel: 'facebook', recipient: 'page' })]);
		const summary = await deliverDue(db);
		expect(summary.dead).toBe(3);
		const rows = await db.select().from(outboxMessages).where(sql`${outboxMessages.id} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
		for (const r of rows) {
			expect(r.status).toBe('dead');
			expect(r.lastError).toBe('outreach.error.notConfigured');
		}
		expect(smtp.messages).toHaveLength(0);
	});

	it('a temporary SMTP refusal backs off and retries; the last allowed attempt goes to the dead letters', async () => {
		smtp.failNext(1);
		const { ids } = await enqueueOutbox(db, [mail()]);
		expect(await deliverDue(db)).toMatchObject({ failed: 1 });
		let [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect(row.status).toBe('failed');
		expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 2_000);
		expect(row.lastError).toContain('451');
		// Not due yet: nothing happens until its time comes.
		expect(await deliverDue(db)).toMatchObject({ sent: 0, failed: 0 });
		await db.update(outboxMessages).set({ nextAttemptAt: sql`now()` }).where(eq(outboxMessages.id, ids[0]));
		expect(await deliverDue(db)).toMatchObject({ sent: 1 });
		[row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect([row.status, row.attempts, row.lastError]).toEqual(['sent', 2, null]);
		const log = await db.select().from(outboxAttempts).where(eq(outboxAttempts.messageId, ids[0])).orderBy(outboxAttempts.id);
		expect(log.map((l) => l.outcome)).toEqual(['failed', 'sent']);

		smtp.failNext(5);
		const { ids: [last] } = await enqueueOutbox(db, [{ ...mail(), maxAttempts: 2 } as OutboxInput]);
		await db.update(outboxMessages).set({ maxAttempts: 2 }).where(eq(outboxMessages.id, last));
		await deliverDue(db);
		await db.update(outboxMessages).set({ nextAttemptAt: sql`now()` }).where(eq(outboxMessages.id, last));
		expect(await deliverDue(db)).toMatchObject({ dead: 1 });
		[row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, last));
		expect(row.status).toBe('dead');
		smtp.failNext(0);
	});

	it('a withdrawn consent or an ended subscription cancels messages already queued', async () => {
		const hh = await buildHousehold(db, { villageCode: 'C1-V1', phone: '0912000111', consent: { granted: true, channels: ['email'] } });
		const [sub] = await db
			.insert(subscriptions)
			.values({ unitId: c1, topic: 'news', channel: 'email', address: 'dan@thon.example', token: `tok-${driver}-${Math.random()}`, status: 'active' })
			.returning();
		const { ids } = await enqueueOutbox(db, [
			mail({ householdId: hh.id, kind: 'notice' }),
			mail({ subscriptionId: sub.id, kind: 'subscription' }),
			mail({ subscriptionId: sub.id, kind: 'subscription' })
		]);
		await recordConsent({ db, actor: systemActor }, hh.id, { granted: false, channels: [], note: null });
		await db.update(subscriptions).set({ status: 'unsubscribed' }).where(eq(subscriptions.id, sub.id));
		expect(await deliverDue(db)).toMatchObject({ sent: 0, cancelled: 3 });
		expect(smtp.messages).toHaveLength(0);
		const rows = await db.select().from(outboxMessages).where(sql`${outboxMessages.id} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
		expect(rows.map((r) => r.lastError).sort()).toEqual(['outreach.cancel.noConsent', 'outreach.cancel.unsubscribed', 'outreach.cancel.unsubscribed']);
	});

	it('a message whose worker stopped is taken over when its lease runs out, and the old worker records nothing', async () => {
		const { ids } = await enqueueOutbox(db, [mail()]);
		const [claimed] = await claimDue(db, { limit: 1, leaseSeconds: 60, workerId: 'stopped' });
		expect(claimed.id).toBe(ids[0]);
		// Within its lease nobody else takes it.
		expect(await deliverDue(db)).toMatchObject({ sent: 0 });
		await db.update(outboxMessages).set({ leaseUntil: sql`now() - interval '1 second'` }).where(eq(outboxMessages.id, ids[0]));
		expect(await deliverDue(db, { workerId: 'taker' })).toMatchObject({ sent: 1 });
		const log = await db.select().from(outboxAttempts).where(eq(outboxAttempts.messageId, ids[0])).orderBy(outboxAttempts.id);
		expect(log.map((l) => [l.outcome, l.detail, l.worker])).toEqual([
			['failed', 'outreach.error.leaseExpired', 'taker'],
			['sent', null, 'taker']
		]);
		const { finishAttempt } = await import('./outbox.repository');
		expect(await finishAttempt(db, claimed, claimed.leaseUntil!, { status: 'sent', outcome: 'sent', workerId: 'stopped' })).toBe(false);
	});

	it('hooks of the cause run in the transaction that marks the message sent', async () => {
		const seen: string[] = [];
		onDelivery('test_cause', {
			async sent(tx, message, result) {
				const [row] = await tx.select({ status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.id, message.id));
				seen.push(`${row.status}:${result.providerMessageId ? 'id' : 'none'}`);
			}
		});
		await enqueueOutbox(db, [mail({ causeType: 'test_cause', causeId: c1 })]);
		await deliverDue(db);
		expect(seen).toEqual(['sent:id']);
	});

	it('the rate bucket hands out slots one interval apart, shared by every caller', async () => {
		const key = `test-bucket-${driver}`;
		// One a second: each slot's time (when the call returned plus the wait it was told) is about a
		// second after the one before, however long the calls themselves took on a busy machine.
		const slots: number[] = [];
		const waits: number[] = [];
		for (let i = 0; i < 4; i++) {
			const wait = await takeRateSlot(db, key, 1);
			waits.push(wait);
			slots.push(performance.now() + wait);
		}
		expect(waits[0]).toBe(0);
		for (let i = 1; i < 4; i++) {
			expect(slots[i] - slots[i - 1]).toBeGreaterThan(700);
			expect(slots[i] - slots[i - 1]).toBeLessThan(1300);
		}
		expect(waits[3]).toBeGreaterThan(waits[1]);
	});

	it('a delivery receipt marks a sent message delivered, once; an unknown id changes nothing', async () => {
		const { ids } = await enqueueOutbox(db, [mail()]);
		await deliverDue(db);
		const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect(await recordReceipt(db, { channel: 'email', providerMessageId: row.providerMessageId!, status: 'delivered' })).toBe(true);
		expect(await recordReceipt(db, { channel: 'email', providerMessageId: row.providerMessageId!, status: 'delivered' })).toBe(false);
		expect(await recordReceipt(db, { channel: 'sms', providerMessageId: 'no-such-id', status: 'failed' })).toBe(false);
		const [after] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect(after.status).toBe('delivered');
		expect(after.deliveredAt).not.toBeNull();
	});

	it('backoff doubles with jitter and honours Retry-After; a retried key is fresh only after the platform took it', () => {
		expect(backoffSeconds(1, null, () => 0.5)).toBe(10);
		expect(backoffSeconds(3, null, () => 0.5)).toBe(40);
		expect(backoffSeconds(30, null, () => 0.5)).toBe(3600);
		expect(backoffSeconds(1, 120, () => 0)).toBe(120);
		expect(platformKeyOf({ idempotencyKey: 'k', payload: {} })).toBe('k');
		expect(platformKeyOf({ idempotencyKey: 'k', payload: { retryRound: 2 } })).toBe('k#2');
	});

	it('two workers draining one outbox side by side never send the same message twice', async () => {
		const gateway = await startFakeSmsGateway({ apiKeys: ['pair-key'] });
		gateway.slow(5);
		process.env.LANTOA_SMS_GATEWAY_URL = gateway.url;
		process.env.LANTOA_SMS_GATEWAY_KEY = 'pair-key';
		process.env.LANTOA_RATE_SMS = '5000';
		try {
			const count = 120;
			await enqueueOutbox(
				db,
				Array.from({ length: count }, (_, i) =>
					mail({ channel: 'sms', kind: 'notice', recipient: `8498${String(100000 + i)}0`, body: `Thôn Một họp dân tối thứ Sáu. Soạn HUY gửi 8088 để ngừng nhận.`, idempotencyKey: `pair:${driver}:${i}` })
				)
			);
			const totals = { a: 0, b: 0 };
			const run = async (name: 'a' | 'b') => {
				for (;;) {
					const s = await deliverDue(db, { workerId: name, limit: 10 });
					if (s.sent === 0) break;
					totals[name] += s.sent;
				}
			};
			await Promise.all([run('a'), run('b')]);
			expect(totals.a + totals.b).toBe(count);
			// Not only was nothing delivered twice: no message was even asked for twice.
			expect(gateway.requests.filter((r) => r.path === '/sms')).toHaveLength(count);
			expect(gateway.duplicates()).toEqual([]);
			const workers = await db
				.select({ worker: outboxAttempts.worker, n: sql<number>`count(*)::int` })
				.from(outboxAttempts)
				.where(sql`${outboxAttempts.worker} IN ('a', 'b')`)
				.groupBy(outboxAttempts.worker);
			expect(workers.reduce((t, w) => t + w.n, 0)).toBe(count);
			if (driver === 'postgres') expect(workers).toHaveLength(2);
		} finally {
			delete process.env.LANTOA_SMS_GATEWAY_URL;
			delete process.env.LANTOA_SMS_GATEWAY_KEY;
			delete process.env.LANTOA_RATE_SMS;
			await gateway.close();
		}
	});

	it('the job starts a poller in the process; waking it delivers what was just queued', async () => {
		wakeOutbox(); // harmless with no poller
		await runOutboxJob(db, 60);
		try {
			const { ids } = await enqueueOutbox(db, [mail()]);
			wakeOutbox();
			const deadline = Date.now() + 20_000;
			for (;;) {
				const [row] = await db.select({ status: outboxMessages.status }).from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
				if (row.status === 'sent') break;
				if (Date.now() > deadline) throw new Error(`still ${row.status}`);
				await new Promise((r) => setTimeout(r, 50));
			}
		} finally {
			await stopOutboxPoller();
		}
	});

	it('units exist for the scope of messages', async () => {
		const [u] = await db.select().from(units).where(eq(units.id, c1));
		expect(u.code).toBe('C1');
	});
});
