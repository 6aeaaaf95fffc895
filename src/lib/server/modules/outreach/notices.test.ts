import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { systemActor } from '../../access/actor';
import { findAuditEntries } from '../../audit/audit.service';
import { buildActor } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { recordConsent } from '../households/households.consent';
import { outboxMessages } from './outbox.tables';
import { deliverDue } from './outbox.worker';
import { startFakeSmsGateway, type FakeSmsGateway } from './testing/sms-server';
import { findNotices, previewNotice, sendNotice, smsParts } from './notices.service';

const envKeys = ['LANTOA_SMS_GATEWAY_URL', 'LANTOA_SMS_GATEWAY_KEY', 'LANTOA_RATE_SMS'] as const;
const year = 2026;

describe.each(testDrivers)('notices to consenting households (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let sms: FakeSmsGateway;
	let world: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	const saved: Record<string, string | undefined> = {};
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		for (const k of envKeys) saved[k] = process.env[k];
		sms = await startFakeSmsGateway({ apiKeys: ['khoa-cong-sms'] });
		process.env.LANTOA_SMS_GATEWAY_URL = sms.url;
		process.env.LANTOA_SMS_GATEWAY_KEY = 'khoa-cong-sms';
		process.env.LANTOA_RATE_SMS = '1000';
		database = await createTestDatabase(driver);
		db = database.db;
		world = await buildHouseholdWorld(db);
		const poor = { classification: { year, category: 'poor' as const, lacking: [] } };
		const make = async (name: string, over: Record<string, unknown>) => (ids[name] = (await buildHousehold(db, { villageCode: 'C1-V1', headName: name, ...over } as never)).id);
		await make('Có đồng ý SMS', { ...poor, phone: '0911000001', consent: { granted: true, channels: ['sms'] } });
		await make('Chỉ đồng ý Zalo', { ...poor, phone: '0911000002', consent: { granted: true, channels: ['zalo'] } });
		await make('Chưa đồng ý', { ...poor, phone: '0911000003' });
		await make('Không có số', { ...poor, consent: { granted: true, channels: ['sms'] } });
		await make('Sẽ rút lại', { ...poor, phone: '0911000005', consent: { granted: true, channels: ['sms', 'zalo'] } });
		await make('Cận nghèo', { phone: '0911000006', consent: { granted: true, channels: ['sms'] }, classification: { year, category: 'near_poor', lacking: [] } });
		await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Thôn khác', phone: '0911000007', consent: { granted: true, channels: ['sms'] }, classification: { year, category: 'poor', lacking: [] } } as never);
	});
	afterAll(async () => {
		for (const k of envKeys) (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]));
		await sms.close();
		await database.close();
	});

	const notice = { channel: 'sms' as const, body: 'Thứ Sáu này 8 giờ đối thoại về vay vốn tại nhà văn hóa thôn.', villages: ['C1-V1'], categories: ['poor' as const], year };

	it('preview counts who receives it and who is left out (no consent, no phone), with the SMS parts', async () => {
		const p = await previewNotice({ db, actor: world.officer1 }, notice);
		expect(p).toMatchObject({ selected: 5, reachable: 2, noConsent: 2, noPhone: 1 });
		expect(p.text).toContain('Xã Một: Thứ Sáu này');
		expect(p.text).toMatch(/HUY/);
		expect(p.sms.encoding).toBe('unicode');
		expect(p.sms.parts).toBe(Math.ceil(p.sms.length / 67));
		expect(smsParts('Hop thon thu Sau')).toEqual({ encoding: 'gsm', length: 16, parts: 1 });
		expect(smsParts('x'.repeat(161)).parts).toBe(2);
		expect(smsParts('ạ'.repeat(70)).parts).toBe(1);
		expect(smsParts('ạ'.repeat(71)).parts).toBe(2);
	});

	it('sends only to consenting households with a phone; a consent withdrawn after queuing stops it; audited, without phone numbers in the audit', async () => {
		const sent = await sendNotice({ db, actor: world.officer1 }, notice);
		expect(sent).toMatchObject({ queued: 2, skippedNoConsent: 2, skippedNoPhone: 1 });
		await recordConsent({ db, actor: systemActor }, ids['Sẽ rút lại'], { granted: false, channels: [], note: null });
		await deliverDue(db);
		const to = sms.requests.filter((r) => r.path === '/sms').map((r) => (r.body as { to: string }).to);
		expect(to).toEqual(['84911000001']);
		const msgs = await db.select().from(outboxMessages).where(eq(outboxMessages.causeId, sent.id));
		expect(msgs.map((m) => m.status).sort()).toEqual(['cancelled', 'sent']);
		const audit = await findAuditEntries(db, systemActor, { entityType: 'notice', entityId: sent.id, limit: 5, offset: 0 });
		expect(audit.items[0].entry).toMatchObject({ action: 'outreach.notice.send', actorId: world.officer1.userId });
		expect(JSON.stringify(audit.items[0].entry.after)).not.toContain('0911');
		const list = await findNotices(db, world.officer1);
		expect(list[0]).toMatchObject({ id: sent.id, queued: 2, skippedNoPhone: 1 });
	});

	it('"all" takes every category; ZNS without a template is refused', async () => {
		const p = await previewNotice({ db, actor: world.officer1 }, { ...notice, categories: ['all'] });
		expect(p.selected).toBe(6);
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, channel: 'zns' })).rejects.toMatchObject({ messageKey: 'publishing.notice.noZnsTemplate' });
	});

	it('another commune’s officer, a village head and bad input are refused without writing anything', async () => {
		const before = (await db.select().from(outboxMessages)).length;
		await expect(sendNotice({ db, actor: world.officer2 }, notice)).rejects.toMatchObject({ messageKey: 'publishing.notice.villageUnknown' });
		await expect(previewNotice({ db, actor: world.officer2 }, notice)).rejects.toMatchObject({ messageKey: 'publishing.notice.villageUnknown' });
		await expect(sendNotice({ db, actor: world.head11 }, notice)).rejects.toMatchObject({ messageKey: 'publishing.notice.villageUnknown' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, villages: ['C1'] })).rejects.toMatchObject({ messageKey: 'publishing.notice.villageUnknown' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, body: '' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, body: 'x'.repeat(481) })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, channel: 'email' as 'sms' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, categories: ['rich' as 'poor'] })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, event: 'not-a-uuid' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(sendNotice({ db, actor: world.officer1 }, { ...notice, event: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ messageKey: 'publishing.notice.eventUnknown' });
		expect((await db.select().from(outboxMessages)).length).toBe(before);
		expect(await findNotices(db, world.officer2)).toEqual([]);
		const viewer = await buildActor(db, 'village_head', 'C1-V1');
		expect(await findNotices(db, viewer)).toEqual([]);
	});
});
