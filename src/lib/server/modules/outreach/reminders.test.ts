import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { z } from 'zod';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { buildActor } from '../../testing/factories';
import { auditEntries } from '../../audit/audit.tables';
import { collectReminders } from './reminders.collect';
import { notificationPreferences, reminders } from './reminders.tables';
import { getPreferences, preferencesFromForm, updatePreferences, type PreferencesInput } from './reminders.preferences';
import { findMyReminders, markRemindersRead } from './reminders.service';
import { at, buildReminderWorld, type ReminderWorld } from './reminders.testing';

const valid: PreferencesInput = { email: 'CanBo@Xa.example', phone: '0912 345 678', zaloUserId: '', channels: ['email', 'sms'], kinds: ['report_due', 'task_due'], digest: true, digestHour: 7 };

async function refusal(p: Promise<unknown>): Promise<string[]> {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	if (err instanceof z.ZodError) return err.issues.map((i) => i.message);
	if (err instanceof AppError) return [err.messageKey];
	throw new Error(`expected a refusal, got ${String(err)}`);
}

describe.each(testDrivers)('reminder settings and the workspace list (%s)', (driver) => {
	let database: Database;
	let w: ReminderWorld;
	let admin: Actor;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildReminderWorld(database.db);
		admin = await buildActor(database.db, 'admin', null);
		await collectReminders(database.db, at('2026-04-03'));
	});
	afterAll(() => database.close());
	const ctx = (actor: Actor) => ({ db: database.db, actor });

	it('a person without settings sees the defaults: workspace only, every kind, digest at 7', async () => {
		const p = await getPreferences(ctx(w.officer1));
		expect(p).toMatchObject({ channels: [], digest: true, digestHour: 7, saved: false, email: null });
		expect(p.kinds.sort()).toEqual(['approval_waiting', 'feedback_deadline', 'report_due', 'task_due']);
	});

	it('refuses bad input with a catalog message per field, and stores nothing', async () => {
		const me = ctx(w.officer1);
		const cases: [Partial<PreferencesInput>, string][] = [
			[{ email: 'not-an-address' }, 'reminders.error.email'],
			[{ email: 'a@b' }, 'reminders.error.email'],
			[{ phone: '12345' }, 'reminders.error.phone'],
			[{ phone: '0241234567x' }, 'reminders.error.phone'],
			[{ zaloUserId: 'abc def' }, 'reminders.error.zalo'],
			[{ digestHour: 24 }, 'reminders.error.hour'],
			[{ digestHour: -1 }, 'reminders.error.hour'],
			[{ digestHour: 7.5 }, 'reminders.error.hour'],
			[{ digestHour: Number.NaN }, 'reminders.error.hour'],
			[{ channels: ['fax' as never] }, 'reminders.error.channel'],
			[{ kinds: ['gossip' as never] }, 'reminders.error.kind'],
			[{ kinds: [] }, 'reminders.error.kindsRequired'],
			[{ channels: ['sms'], phone: '' }, 'reminders.error.phoneRequired'],
			[{ channels: ['email'], email: null }, 'reminders.error.emailRequired'],
			[{ channels: ['zalo'] }, 'reminders.error.zaloRequired']
		];
		for (const [over, key] of cases) expect(await refusal(updatePreferences(me, { ...valid, ...over })), JSON.stringify(over)).toContain(key);
		expect(await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, w.officer1.userId!))).toEqual([]);
	});

	it('reads the form (repeated checkboxes) and saves normalised addresses; the change is audited without them', async () => {
		const form = new FormData();
		form.set('email', 'CanBo@Xa.example');
		form.set('phone', '+84 912 345 678');
		form.append('channels', 'email');
		form.append('channels', 'sms');
		form.append('kinds', 'report_due');
		form.append('kinds', 'task_due');
		form.set('digest', 'on');
		form.set('digestHour', '6');
		const saved = await updatePreferences(ctx(w.officer1), preferencesFromForm(form));
		expect(saved).toMatchObject({ email: 'canbo@xa.example', phone: '0912345678', channels: ['email', 'sms'], kinds: ['report_due', 'task_due'], digest: true, digestHour: 6, saved: true });
		const [row] = await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, w.officer1.userId!));
		expect(row.phone).toBe('84912345678');
		expect(row.channels).toEqual(['workspace', 'email', 'sms']);
		const [audit] = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'notification_preferences.update'));
		expect(JSON.stringify(audit.after)).not.toContain('912345678');
		expect(JSON.stringify(audit.after)).not.toContain('canbo@');
		// An hour the form leaves empty is refused, not taken as midnight.
		form.set('digestHour', '');
		expect(await refusal(updatePreferences(ctx(w.officer1), preferencesFromForm(form)))).toContain('reminders.error.hour');
	});

	it('kinds no longer wanted leave the workspace at once', async () => {
		// officer1 now wants reports and tasks only: the feedback reminders are gone.
		const kinds = (await database.db.select().from(reminders).where(eq(reminders.userId, w.officer1.userId!))).map((r) => r.kind);
		expect(kinds).not.toContain('feedback_deadline');
		expect(kinds).toContain('task_due');
	});

	it("nobody reads another person's settings but an administrator, whose read is audited", async () => {
		expect(await refusal(getPreferences(ctx(w.officer2), w.officer1.userId))).toEqual(['reminders.error.ownOnly']);
		expect(await refusal(getPreferences(ctx(w.leader1), w.officer1.userId))).toEqual(['reminders.error.ownOnly']);
		expect(await refusal(getPreferences(ctx(w.officer2), 'not-a-uuid'))).toEqual(['reminders.notFound']);
		const seen = await getPreferences(ctx(admin), w.officer1.userId);
		expect(seen.email).toBe('canbo@xa.example');
		const reads = await database.db
			.select()
			.from(auditEntries)
			.where(and(eq(auditEntries.action, 'notification_preferences.read'), eq(auditEntries.entityId, w.officer1.userId!)));
		expect(reads).toHaveLength(1);
		expect(reads[0].actorId).toBe(admin.userId);
	});

	it('each person lists only their own reminders, with text, link and time left', async () => {
		const mine = await findMyReminders(ctx(w.officer1), { locale: 'vi', at: at('2026-04-03') });
		const own = await database.db.select().from(reminders).where(eq(reminders.userId, w.officer1.userId!));
		expect(mine.items.map((i) => i.id).sort()).toEqual(own.map((r) => r.id).sort());
		const task = mine.items.find((i) => i.kind === 'task_due')!;
		expect(task).toMatchObject({ link: '/app/tasks', dueOn: '2026-04-05', daysLeft: 2, timeLeft: 'còn 2 ngày', read: false });
		expect(task.text).toContain('Nhiệm vụ sắp đến hạn');
		const submitted = (await findMyReminders(ctx(w.leader1), { locale: 'vi', at: at('2026-04-03') })).items.find((i) => i.link === `/app/reports/${w.ids.submittedC1}`)!;
		expect(submitted.text).toBe('Báo cáo chờ duyệt: Mẫu xa-quy — Quý 4/2025 (Xã Một)');
		expect(submitted.timeLeft).toBe('quá hạn 88 ngày');
		const head = await findMyReminders(ctx(w.head11), { locale: 'en', at: at('2026-04-03') });
		// The village head never sees the commune's reminders, nor the other village's report.
		expect(head.items.every((i) => !i.text.includes('Thôn Hai') && !i.text.includes('Xã Hai'))).toBe(true);
		expect(head.items.find((i) => i.kind === 'task_due')).toMatchObject({ timeLeft: '2 days late' });
		const other = await findMyReminders(ctx(w.officer2), { locale: 'vi', at: at('2026-04-03') });
		expect(other.items.some((i) => own.some((r) => r.id === i.id))).toBe(false);
		expect(other.items.every((i) => !i.text.includes('Xã Một'))).toBe(true);
	});

	it("marking read: one's own only; another's reminder or a bad id is 'not found' and changes nothing", async () => {
		const [own] = await database.db.select().from(reminders).where(eq(reminders.userId, w.officer1.userId!));
		expect(await refusal(markRemindersRead(ctx(w.officer2), own.id))).toEqual(['reminders.notFound']);
		expect(await refusal(markRemindersRead(ctx(w.head11), own.id))).toEqual(['reminders.notFound']);
		expect(await refusal(markRemindersRead(ctx(w.officer1), "1' OR 1=1"))).toEqual(['reminders.notFound']);
		expect((await database.db.select().from(reminders).where(eq(reminders.id, own.id)))[0].readAt).toBeNull();
		expect(await markRemindersRead(ctx(w.officer1), own.id)).toBe(1);
		expect(await markRemindersRead(ctx(w.officer1), own.id)).toBe(0);
		const box = await findMyReminders(ctx(w.officer1), { locale: 'vi', unreadOnly: true });
		expect(box.items.map((i) => i.id)).not.toContain(own.id);
		const othersUnread = (await findMyReminders(ctx(w.officer2), { locale: 'vi', unreadOnly: true })).unread;
		const n = await markRemindersRead(ctx(w.officer1), 'all');
		expect(n).toBe(box.unread);
		expect((await findMyReminders(ctx(w.officer1), { locale: 'vi', unreadOnly: true })).items).toEqual([]);
		expect((await findMyReminders(ctx(w.officer2), { locale: 'vi', unreadOnly: true })).unread).toBe(othersUnread);
		// Reading does not make them vanish: the page lists read ones too until their subject is done.
		expect((await findMyReminders(ctx(w.officer1), { locale: 'vi' })).items.length).toBeGreaterThan(0);
		expect(await database.db.select().from(reminders).where(like(reminders.subjectKey, 'report:%'))).not.toEqual([]);
	});
});
