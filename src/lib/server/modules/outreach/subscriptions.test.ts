import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { createEvent, setEventPublication } from '../events/events.service';
import { outboxMessages } from './outbox.tables';
import { outreachAccounts } from './accounts.tables';
import { subscriptions } from './subscriptions.tables';
import { deliverDue } from './outbox.worker';
import { startTestSmtp, type TestSmtp } from './testing/smtp';
import {
	confirmSubscription,
	fanOutToSubscribers,
	getSubscriptionByToken,
	isStopReply,
	normaliseAddress,
	subscribe,
	subscriptionSummary,
	unsubscribeAddress,
	unsubscribeByToken
} from './subscriptions.service';
import { announceWeeklySchedules, causeUuid } from './subscriptions.announce';

const envKeys = ['LANTOA_SMTP_URL', 'LANTOA_RATE_EMAIL'] as const;
const tokenIn = (text: string) => /\/portal\/subscriptions\/([A-Za-z0-9_-]{32})/.exec(text)?.[1] ?? null;

describe.each(testDrivers)('portal subscriptions (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let smtp: TestSmtp;
	let tree: Awaited<ReturnType<typeof buildTwoCommunes>>;
	const saved: Record<string, string | undefined> = {};

	beforeAll(async () => {
		for (const k of envKeys) saved[k] = process.env[k];
		smtp = await startTestSmtp();
		process.env.LANTOA_SMTP_URL = smtp.url;
		process.env.LANTOA_RATE_EMAIL = '1000';
		database = await createTestDatabase(driver);
		db = database.db;
		tree = await buildTwoCommunes(db);
	});
	afterAll(async () => {
		for (const k of envKeys) (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]));
		await smtp.close();
		await database.close();
	});

	it('double opt-in by e-mail: the confirmation arrives over SMTP, nothing else before confirming, news after, the link stops it at once', async () => {
		const out = await subscribe(db, { unit: 'C1', topics: ['news', 'dialogues'], channel: 'email', address: '  Chi.Mai@Example.VN ', locale: 'vi' });
		expect(out).toEqual({ pending: 2, active: 0 });
		// A pending subscriber gets no news.
		await db.transaction((tx) => fanOutToSubscribers(tx, { unitId: tree.c1.id, topic: 'news', causeType: 'content', causeId: causeUuid('t', '1'), text: { vi: 'Tin một', en: 'News one' } }));
		await deliverDue(db);
		const first = smtp.messages.filter((m) => m.text?.includes('Xã Một'));
		expect(first).toHaveLength(1);
		expect(first[0].subject).toContain('Xã Một');
		const token = tokenIn(first[0].text ?? '')!;
		expect(token).toBeTruthy();

		const view = await getSubscriptionByToken(db, token);
		expect(view).toMatchObject({ status: 'pending', channel: 'email', address: 'c•••@example.vn', unit: { code: 'C1' } });
		const confirmed = await confirmSubscription(db, token);
		expect(confirmed.status).toBe('active');
		expect(confirmed.topics.every((t) => t.status === 'active')).toBe(true);

		await db.transaction((tx) => fanOutToSubscribers(tx, { unitId: tree.c1.id, topic: 'news', causeType: 'content', causeId: causeUuid('t', '2'), text: { vi: 'Tin hai về vụ lúa', en: 'News two' }, link: 'http://localhost:3000/portal/C1/news/x' }));
		await deliverDue(db);
		const news = smtp.messages.filter((m) => m.text?.includes('Tin hai về vụ lúa'));
		expect(news).toHaveLength(1);
		expect(news[0].text).toMatch(/Ngừng nhận tin: http:\/\/localhost:3000\/portal\/subscriptions\/[A-Za-z0-9_-]{32}\/unsubscribe/);

		// Queued, then unsubscribed by the link before the worker runs: never sent.
		await db.transaction((tx) => fanOutToSubscribers(tx, { unitId: tree.c1.id, topic: 'news', causeType: 'content', causeId: causeUuid('t', '3'), text: { vi: 'Tin ba không đến', en: 'x' } }));
		const newsToken = tokenIn(news[0].text ?? '')!;
		expect((await unsubscribeByToken(db, newsToken)).status).toBe('unsubscribed');
		await deliverDue(db);
		expect(smtp.messages.some((m) => m.text?.includes('Tin ba không đến'))).toBe(false);
		const [cancelled] = await db.select().from(outboxMessages).where(eq(outboxMessages.body, 'Tin ba không đến\nNgừng nhận tin: ' + `http://localhost:3000/portal/subscriptions/${newsToken}/unsubscribe`));
		expect(cancelled.status).toBe('cancelled');
		// An old confirmation link does not bring an ended subscription back.
		await expect(confirmSubscription(db, newsToken)).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('the same form twice sends one confirmation; an active subscription is left alone; an ended one can subscribe again', async () => {
		const before = (await db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'confirmation'))).length;
		await subscribe(db, { unit: 'C1', topics: ['schedule'], channel: 'sms', address: '0912 345 678' });
		await subscribe(db, { unit: 'C1', topics: ['schedule'], channel: 'sms', address: '+84912345678' });
		const confirmations = await db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'confirmation'));
		expect(confirmations.length).toBe(before + 1);
		const sms = confirmations.find((m) => m.recipient === '84912345678')!;
		expect(sms.channel).toBe('sms');
		expect(sms.subscriptionId).toBeNull();
		const token = tokenIn(sms.body)!;
		await confirmSubscription(db, token);
		expect(await subscribe(db, { unit: 'C1', topics: ['schedule'], channel: 'sms', address: '0912345678' })).toEqual({ pending: 0, active: 1 });
		await unsubscribeByToken(db, token);
		expect(await subscribe(db, { unit: 'C1', topics: ['schedule'], channel: 'sms', address: '0912345678' })).toEqual({ pending: 1, active: 0 });
		const [row] = await db.select().from(subscriptions).where(and(eq(subscriptions.address, '84912345678'), eq(subscriptions.topic, 'schedule')));
		expect(row.status).toBe('pending');
		expect(row.token).not.toBe(token);
		await expect(getSubscriptionByToken(db, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('an SMS reply HUY / TC / STOP / "hủy" / "Từ chối" ends every subscription of the number at once', async () => {
		for (const text of ['HUY', 'huy', 'Hủy', 'TC', 'stop', 'Từ chối nhận tin', 'tu choi']) expect(isStopReply(text)).toBe(true);
		for (const text of ['Cho hỏi lịch họp', 'HUYỆN', 'STOPPED?']) expect(isStopReply(text)).toBe(false);
		await subscribe(db, { unit: 'C1', topics: ['news', 'dialogues'], channel: 'sms', address: '0987000111' });
		await db.update(subscriptions).set({ status: 'active' }).where(eq(subscriptions.address, '84987000111'));
		expect(await db.transaction((tx) => unsubscribeAddress(tx, { channel: 'sms', address: '0987 000 111' }))).toBe(2);
		expect(await db.transaction((tx) => unsubscribeAddress(tx, { channel: 'sms', address: '84987000111' }))).toBe(0);
		expect(await db.transaction((tx) => unsubscribeAddress(tx, { channel: 'sms', address: '<script>' }))).toBe(0);
	});

	it('a published dialogue goes to the commune’s active dialogue subscribers (once), with its date and a link', async () => {
		const officer = await buildActor(db, 'commune_officer', 'C1');
		await db.insert(subscriptions).values({ unitId: tree.c1.id, topic: 'dialogues', channel: 'email', address: 'ong.ba@example.vn', token: 'd'.repeat(32), status: 'active' });
		const ev = await createEvent({ db, actor: officer }, { unit: 'C1-V1', kind: 'dialogue', title: 'Đối thoại về vay vốn', date: '2030-05-17', startTime: '08:00', place: 'Nhà văn hóa thôn Một', invitedGroups: [], invitedVillages: [], agenda: [], published: false, registrationOpen: false } as never);
		await setEventPublication({ db, actor: officer }, ev.id, { published: true, registrationOpen: false });
		await setEventPublication({ db, actor: officer }, ev.id, { published: false, registrationOpen: false });
		await setEventPublication({ db, actor: officer }, ev.id, { published: true, registrationOpen: false });
		const msgs = await db.select().from(outboxMessages).where(and(eq(outboxMessages.causeType, 'event'), eq(outboxMessages.causeId, ev.id)));
		const toHer = msgs.filter((m) => m.recipient === 'ong.ba@example.vn');
		expect(toHer).toHaveLength(1);
		expect(toHer[0].body).toContain('Đối thoại về vay vốn, ngày 17/05/2030 08:00, Nhà văn hóa thôn Một');
		expect(toHer[0].body).toContain(`/portal/C1/events/${ev.id}`);
		expect(msgs.some((m) => m.recipient === 'chi.mai@example.vn')).toBe(true);
	});

	it('the weekly schedule job sends nothing where there are no broadcasts', async () => {
		expect(await announceWeeklySchedules(db)).toEqual({ units: 0, queued: 0 });
	});

	it('refuses bad input with clear messages and stores nothing', async () => {
		const count = async () => (await db.select().from(subscriptions)).length;
		const before = await count();
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'email', address: 'khong-phai-thu' })).rejects.toMatchObject({ messageKey: 'publishing.sub.emailInvalid' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'sms', address: '<script>alert(1)</script>' })).rejects.toMatchObject({ messageKey: 'publishing.sub.phoneInvalid' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'sms', address: '0212345678' })).rejects.toMatchObject({ messageKey: 'publishing.sub.phoneInvalid' });
		await expect(subscribe(db, { unit: 'KHONG-CO', topics: ['news'], channel: 'sms', address: '0912345678' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(subscribe(db, { unit: 'C1-V1', topics: ['news'], channel: 'sms', address: '0912345678' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(subscribe(db, { unit: 'C1', topics: [], channel: 'sms', address: '0912345678' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(subscribe(db, { unit: 'C1', topics: ['weather' as 'news'], channel: 'sms', address: '0912345678' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'fax' as 'sms', address: '0912345678' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'email', address: 'a'.repeat(300) + '@x.vn' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'zns', address: '0912345678' })).rejects.toMatchObject({ messageKey: 'publishing.sub.noZns' });
		await expect(subscribe(db, { unit: 'C1', topics: ['news'], channel: 'sms', address: '0912345678', extra: 1 } as never)).rejects.toMatchObject({ name: 'ZodError' });
		for (const token of ['', 'abc', '../../etc/passwd', 'x'.repeat(32), "' OR 1=1 --"]) {
			await expect(getSubscriptionByToken(db, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(unsubscribeByToken(db, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(confirmSubscription(db, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		}
		expect(await count()).toBe(before);
		expect(normaliseAddress('email', 'A@B.VN')).toBe('a@b.vn');
	});

	it('ZNS subscriptions need the commune’s ZNS account; the confirmation carries its template', async () => {
		await db.insert(outreachAccounts).values({ unitId: tree.c2.id, platform: 'zns', name: 'Xã Hai ZNS', externalId: 'oa-c2', settings: { templates: { subscription_confirm: '312001' } } });
		await subscribe(db, { unit: 'C2', topics: ['news'], channel: 'zns', address: '0933222111' });
		const [m] = await db.select().from(outboxMessages).where(and(eq(outboxMessages.recipient, '84933222111'), eq(outboxMessages.kind, 'confirmation')));
		expect(m).toMatchObject({ channel: 'zns', payload: expect.objectContaining({ templateId: '312001', templateKind: 'subscription_confirm' }) });
	});

	it('officers see counts and masked lists of their own commune only; a village head and another commune see nothing of it', async () => {
		const officer1 = await buildActor(db, 'commune_officer', 'C1');
		const officer2 = await buildActor(db, 'commune_officer', 'C2');
		const leader1 = await buildActor(db, 'commune_leader', 'C1');
		const head = await buildActor(db, 'village_head', 'C1-V1');
		const mine = await subscriptionSummary(db, officer1);
		const total = (s: typeof mine) => s.counts.reduce((n, c) => n + c.active + c.pending + c.ended, 0);
		expect(total(mine)).toBe((await db.select().from(subscriptions).where(eq(subscriptions.unitId, tree.c1.id))).length);
		expect(mine.list!.every((r) => r.unit === 'Xã Một' && r.address.includes('•'))).toBe(true);
		const theirs = await subscriptionSummary(db, officer2);
		expect(total(theirs)).toBe(1);
		expect(theirs.list!.every((r) => r.unit === 'Xã Hai')).toBe(true);
		// The leader reads counts but no list (no outreach.manage).
		const lead = await subscriptionSummary(db, leader1);
		expect(total(lead)).toBe(total(mine));
		expect(lead.list).toBeNull();
		await expect(subscriptionSummary(db, head)).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
