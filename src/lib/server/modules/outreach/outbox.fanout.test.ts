import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { systemActor } from '../../access/actor';
import { buildHouseholdWorld, buildHousehold } from '../households/households.testing';
import { recordConsent } from '../households/households.consent';
import { outboxMessages } from './outbox.tables';
import { units } from '../units/units.tables';
import { fanOutHouseholdNotice, type HouseholdNotice } from './outbox.fanout';

describe.each(testDrivers)('household notice fan-out (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let world: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	const hh: Record<string, string> = {};
	const paths: Record<string, string> = {};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		world = await buildHouseholdWorld(db);
		for (const u of await db.select().from(units)) paths[u.code] = u.path;
		const add = async (name: string, villageCode: string, phone: string | null, channels: ('sms' | 'zalo')[] | null, category = 'poor') => {
			const h = await buildHousehold(db, {
				villageCode,
				headName: name,
				phone: phone ?? undefined,
				consent: channels ? { granted: true, channels } : undefined,
				classifications: [{ year: 2026, category }]
			} as never);
			hh[name] = h.id;
		};
		await add('Sms Một', 'C1-V1', '0912000001', ['sms']);
		await add('Zalo Một', 'C1-V1', '0912000002', ['zalo'], 'near_poor');
		await add('Cả Hai', 'C1-V2', '0912000003', ['sms', 'zalo']);
		await add('Không Số', 'C1-V2', null, ['sms']);
		await add('Không Đồng Ý', 'C1-V2', '0912000005', null);
		await add('Rút Lại', 'C1-V1', '0912000006', ['sms']);
		await recordConsent({ db, actor: systemActor }, hh['Rút Lại'], { granted: false, channels: [], note: null });
		await add('Xã Khác', 'C2-V1', '0912000007', ['sms']);
	});
	afterAll(async () => {
		await database?.close();
	});

	const notice = (over: Partial<HouseholdNotice>): HouseholdNotice => ({
		unitPath: paths.C1,
		channel: 'sms',
		body: 'Xã Một: đối thoại chính sách tại nhà văn hóa thôn, 8 giờ sáng thứ Sáu. Soạn HUY gửi 8088 để ngừng nhận.',
		causeType: 'event',
		causeId: world.tree.c1.id,
		keyPrefix: `notice:${driver}:${Math.random()}`,
		createdBy: null,
		...over
	});

	it('queues one SMS per household whose newest consent lists sms and who has a phone, in 84 form, and counts the rest', async () => {
		const n = notice({});
		const result = await fanOutHouseholdNotice(db, n);
		expect(result).toEqual({ queued: 2, skippedNoConsent: 4 });
		const rows = await db.select().from(outboxMessages).where(sql`${outboxMessages.idempotencyKey} LIKE ${n.keyPrefix + '%'}`);
		const byHousehold = new Map(rows.map((r) => [r.householdId, r]));
		expect([...byHousehold.keys()].sort()).toEqual([hh['Sms Một'], hh['Cả Hai']].sort());
		const one = byHousehold.get(hh['Sms Một'])!;
		expect(one.recipient).toBe('84912000001');
		expect(one.idempotencyKey).toBe(`${n.keyPrefix}:${hh['Sms Một']}:sms`);
		expect([one.channel, one.kind, one.status, one.causeType]).toEqual(['sms', 'notice', 'queued', 'event']);
		expect(one.unitId).toBe(world.tree.v11.id);
		// The same notice again queues nothing new.
		expect(await fanOutHouseholdNotice(db, n)).toEqual({ queued: 0, skippedNoConsent: 4 });
	});

	it('ZNS goes to those who agreed to Zalo; villages and categories narrow the selection', async () => {
		expect((await fanOutHouseholdNotice(db, notice({ channel: 'zns' }))).queued).toBe(2);
		const v1 = await fanOutHouseholdNotice(db, notice({ channel: 'zns', unitPath: null, unitIds: [world.tree.v11.id] }));
		expect(v1.queued).toBe(1);
		const poorOnly = await fanOutHouseholdNotice(db, notice({ channel: 'zns', categories: ['poor'], year: 2026 }));
		expect(poorOnly.queued).toBe(1);
		expect(await fanOutHouseholdNotice(db, notice({ unitPath: null, unitIds: [] }))).toEqual({ queued: 0, skippedNoConsent: 0 });
		const scheduled = notice({ notBefore: new Date(Date.now() + 86_400_000) });
		await fanOutHouseholdNotice(db, scheduled);
		const [row] = await db.select().from(outboxMessages).where(sql`${outboxMessages.idempotencyKey} LIKE ${scheduled.keyPrefix + '%'}`).limit(1);
		expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 80_000_000);
	});

	it('a notice of another commune never reaches this one', async () => {
		const other = notice({ unitPath: paths.C2 });
		expect((await fanOutHouseholdNotice(db, other)).queued).toBe(1);
		const rows = await db.select().from(outboxMessages).where(sql`${outboxMessages.idempotencyKey} LIKE ${other.keyPrefix + '%'}`);
		expect(rows.map((r) => r.householdId)).toEqual([hh['Xã Khác']]);
		expect(rows[0].unitId).toBe(world.tree.v21.id);
		expect(await db.select().from(outboxMessages).where(eq(outboxMessages.householdId, hh['Rút Lại']))).toEqual([]);
	});
});
