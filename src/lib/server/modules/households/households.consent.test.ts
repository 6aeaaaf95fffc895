import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { getUnit } from '../units/units.service';
import { systemActor } from '../../access/actor';
import { contactableHouseholds, hasConsent, recordConsent } from './households.consent';
import { getHousehold } from './households.service';
import { buildHousehold, buildHouseholdWorld } from './households.testing';

describe.each(testDrivers)('consent to be contacted (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
	});
	afterAll(() => database.close());

	it('only households whose newest consent grants the channel are contactable; withdrawing stops every channel at once', async () => {
		const db = database.db;
		const ctx = { db, actor: w.head11 };
		const a = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Lương Văn Hải', phone: '0912000001' });
		const b = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Quàng Thị Mai', phone: '0912000002' });
		await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Không Hỏi', phone: '0912000003' });
		const c = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Xã Khác', phone: '0912000004' });
		await recordConsent(ctx, a.id, { granted: true, channels: ['sms', 'zalo'], note: 'đồng ý tại cuộc họp thôn' });
		await recordConsent(ctx, b.id, { granted: true, channels: ['zalo'], note: null });
		await recordConsent({ db, actor: w.officer2 }, c.id, { granted: true, channels: ['sms'], note: null });
		const c1 = (await getUnit({ db, actor: systemActor }, 'C1')).unit.path;
		const ids = async (channel: string, unitScope: string | null = c1) => (await contactableHouseholds(db, { unitScope, channel })).map((h) => h.id).sort();
		expect(await ids('sms')).toEqual([a.id]);
		expect(await ids('zalo')).toEqual([a.id, b.id].sort());
		expect(await ids('sms', null)).toEqual([a.id, c.id].sort());
		expect(await hasConsent(db, a.id, 'sms')).toBe(true);
		expect(await hasConsent(db, b.id, 'sms')).toBe(false);

		// Withdrawn, immediately, everywhere; a later grant brings back only what it names.
		await recordConsent(ctx, a.id, { granted: false, channels: [], note: 'hộ xin thôi nhận tin' });
		expect(await ids('sms')).toEqual([]);
		expect(await ids('zalo')).toEqual([b.id]);
		expect(await hasConsent(db, a.id, 'zalo')).toBe(false);
		await recordConsent(ctx, a.id, { granted: true, channels: ['zalo'], note: null });
		expect(await ids('sms')).toEqual([]);
		expect(await ids('zalo')).toEqual([a.id, b.id].sort());

		const shown = await getHousehold(ctx, a.id, { screen: 'test', purpose: 'consent' });
		expect(shown.consent).toMatchObject({ granted: true, channels: ['zalo'], recordedBy: w.head11.displayName });
	});

	it('consent must name a channel; another village’s head cannot record it', async () => {
		const db = database.db;
		const h = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Đinh Văn Lực' });
		const { ConsentInput } = await import('./households.schemas');
		expect(ConsentInput.safeParse({ granted: true, channels: [] }).error?.issues[0]).toMatchObject({ path: ['channels'], message: 'household.consentChannels' });
		expect(ConsentInput.safeParse({ granted: true, channels: ['pigeon'] }).success).toBe(false);
		await expect(recordConsent({ db, actor: w.head11 }, h.id, { granted: true, channels: ['sms'], note: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
