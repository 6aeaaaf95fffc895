import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { unitIdOf } from '../reports/reports.completeness.testing';
import { outboxMessages } from './outbox.tables';
import { deliverDue } from './outbox.worker';
import { startTestSmtp, type TestSmtp } from './testing/smtp';
import { reminders } from './reminders.tables';
import { updatePreferences } from './reminders.preferences';
import { deliverReminders } from './reminders.deliver';

/** A moment in Việt Nam (UTC+7). */
const vn = (date: string, hour: number) => new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), hour - 7, 5));

describe.each(testDrivers)('delivering reminders (%s)', (driver) => {
	let database: Database;
	let smtp: TestSmtp;
	let digester: Actor, single: Actor, quiet: Actor;
	let c1: string;
	const savedEnv = { smtp: process.env.LANTOA_SMTP_URL, origin: process.env.ORIGIN };

	/** Hand-made reminders for a person: `n` tasks due, titled "Việc số i". */
	async function remind(actor: Actor, n: number, prefix: string) {
		await database.db.insert(reminders).values(
			Array.from({ length: n }, (_, i) => ({
				userId: actor.userId!,
				unitId: c1,
				kind: 'task_due',
				subjectKey: `task:${prefix}-${i + 1}:due_soon`,
				params: { subject: 'task', stage: 'due_soon', title: `Việc số ${prefix}-${i + 1}`, unit: 'Xã Một', dueOn: '2026-04-05' },
				link: `/app/tasks?n=${prefix}-${i + 1}`,
				dueAt: new Date('2026-04-04T17:00:00Z')
			}))
		);
	}

	beforeAll(async () => {
		smtp = await startTestSmtp();
		process.env.LANTOA_SMTP_URL = smtp.url;
		process.env.ORIGIN = 'https://lantoa.example.vn';
		database = await createTestDatabase(driver);
		await buildTwoCommunes(database.db);
		c1 = await unitIdOf(database.db, 'C1');
		digester = await buildActor(database.db, 'commune_officer', 'C1');
		single = await buildActor(database.db, 'village_head', 'C1-V1');
		quiet = await buildActor(database.db, 'commune_leader', 'C1');
		await updatePreferences({ db: database.db, actor: digester }, { email: 'canbo@xa.example', phone: '0912345678', channels: ['email', 'sms'], kinds: ['task_due'], digest: true, digestHour: 7 });
		await updatePreferences({ db: database.db, actor: single }, { phone: '0987654321', channels: ['sms'], kinds: ['task_due'], digest: false, digestHour: 7 });
		await remind(digester, 50, 'd');
		await remind(single, 3, 's');
		await remind(quiet, 4, 'q');
	});
	afterAll(async () => {
		await database.close();
		await smtp.close();
		process.env.LANTOA_SMTP_URL = savedEnv.smtp;
		process.env.ORIGIN = savedEnv.origin;
	});

	const outbox = (userId: string | null) => database.db.select().from(outboxMessages).where(eq(outboxMessages.userId, userId!));

	it('before the digest hour only single messages go: one per reminder and channel', async () => {
		const result = await deliverReminders(database.db, vn('2026-04-03', 6));
		expect(result).toEqual({ digests: 0, singles: 3, messages: 3 });
		const sent = await outbox(single.userId);
		expect(sent.map((m) => [m.channel, m.kind, m.recipient]).sort()).toEqual(Array(3).fill(['sms', 'reminder', '84987654321']));
		expect(sent.map((m) => m.idempotencyKey).sort()).toEqual(
			(await database.db.select().from(reminders).where(eq(reminders.userId, single.userId!))).map((r) => `reminder:${r.id}:sms`).sort()
		);
		expect(sent[0].body).toMatch(/^Lan Tỏa: Nhiệm vụ sắp đến hạn: Việc số s-\d.*Xem: https:\/\/lantoa\.example\.vn\/app\/tasks\?n=s-\d$/);
		expect(await outbox(digester.userId)).toEqual([]);
	});

	it('50 reminders make one digest per chosen channel at the hour; a second run the same day sends nothing', async () => {
		const result = await deliverReminders(database.db, vn('2026-04-03', 7));
		expect(result).toEqual({ digests: 1, singles: 0, messages: 2 });
		const sent = await outbox(digester.userId);
		expect(sent.map((m) => [m.channel, m.kind, m.idempotencyKey]).sort()).toEqual([
			['email', 'digest', `digest:${digester.userId}:2026-04-03:email`],
			['sms', 'digest', `digest:${digester.userId}:2026-04-03:sms`]
		]);
		const sms = sent.find((m) => m.channel === 'sms')!;
		expect(sms.body).toBe('Lan Tỏa: 50 việc cần làm. Xem: https://lantoa.example.vn/app/reminders');
		expect(await database.db.select().from(reminders).where(and(eq(reminders.userId, digester.userId!), isNull(reminders.deliveredAt)))).toEqual([]);
		expect(await deliverReminders(database.db, vn('2026-04-03', 8))).toEqual({ digests: 0, singles: 0, messages: 0 });
		expect(await deliverReminders(database.db, vn('2026-04-03', 23))).toEqual({ digests: 0, singles: 0, messages: 0 });
		// A person who chose only the workspace gets nothing by any channel.
		expect(await outbox(quiet.userId)).toEqual([]);
	});

	it('the next day: nothing new, nothing sent; a new reminder goes in that day’s digest only', async () => {
		expect(await deliverReminders(database.db, vn('2026-04-04', 9))).toEqual({ digests: 0, singles: 0, messages: 0 });
		await remind(digester, 1, 'new');
		await remind(single, 1, 'new');
		expect(await deliverReminders(database.db, vn('2026-04-04', 9))).toEqual({ digests: 1, singles: 1, messages: 3 });
		const digests = (await outbox(digester.userId)).filter((m) => m.idempotencyKey.includes('2026-04-04'));
		expect(digests.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
		expect(digests.find((m) => m.channel === 'email')!.body).toContain('Việc số new-1');
		expect(digests.find((m) => m.channel === 'email')!.body).not.toContain('Việc số d-1 (');
	});

	it('the e-mail digest arrives at the SMTP server with every reminder’s title and link', async () => {
		let round = 0;
		while (round++ < 20) {
			const { sent, failed, dead, cancelled } = await deliverDue(database.db, { limit: 50 });
			if (!sent && !failed && !dead && !cancelled) break;
		}
		const mails = smtp.messages.filter((m) => m.subject?.includes('50 việc cần làm'));
		expect(mails).toHaveLength(1);
		const mail = mails[0];
		expect(smtp.envelopes[smtp.messages.indexOf(mail)]).toEqual(['canbo@xa.example']);
		expect(mail.subject).toBe('Lan Tỏa: 50 việc cần làm ngày 03/04/2026');
		for (let i = 1; i <= 50; i++) {
			expect(mail.text).toContain(`Việc số d-${i} (Xã Một)`);
			expect(mail.text).toContain(`https://lantoa.example.vn/app/tasks?n=d-${i}\n`);
		}
		expect(mail.text).toContain('https://lantoa.example.vn/app/account/notifications');
		const row = (await database.db.select().from(outboxMessages).where(like(outboxMessages.idempotencyKey, `digest:${digester.userId}:2026-04-03:email`)))[0];
		expect(['sent', 'delivered']).toContain(row.status);
		const ids = (await database.db.select({ m: reminders.outboxMessageId }).from(reminders).where(inArray(reminders.userId, [digester.userId!]))).map((r) => r.m);
		expect(ids).toContain(row.id);
	});
});
