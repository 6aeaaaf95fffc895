import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { units } from '../modules/units/units.tables';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { actorForUser } from '../auth/grants';
import { feedbackItems } from '../modules/feedback/feedback.tables';
import { findAccounts, loadAccountCredentials, saveAccount } from '../modules/outreach/outreach.accounts';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { DEMO_FACEBOOK, DEMO_ZALO, seedPlatforms } from './platforms';
import { enqueueOutbox } from '../modules/outreach/outbox';
import { deliverDue } from '../modules/outreach/outbox.worker';
import { outboxMessages } from '../modules/outreach/outbox.tables';
import { outreachAccounts } from '../modules/outreach/accounts.tables';

describe('demo platforms', () => {
	let database: Database;
	const saved = process.env.LANTOA_SECRET_KEY;
	beforeAll(async () => {
		process.env.LANTOA_SECRET_KEY = 'khoa-thu-nghiem-demo';
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedPlatforms(database.db);
	});
	afterAll(async () => {
		if (saved === undefined) delete process.env.LANTOA_SECRET_KEY;
		else process.env.LANTOA_SECRET_KEY = saved;
		await database.close();
	});

	it('gives Hà Bình a Facebook Page, a Zalo OA and an SMS sender with labelled demo keys, seen by its officer only', async () => {
		const db = database.db;
		const officer = await actorForUser(db, await getUserByUsername(db, 'canbo.habinh'), 'session');
		const other = await actorForUser(db, await getUserByUsername(db, 'canbo.daquyn'), 'session');
		const accounts = await findAccounts({ db, actor: officer });
		expect(accounts.map((a) => a.platform).sort()).toEqual(['facebook', 'sms', 'zalo_oa']);
		for (const a of accounts) expect(a.name).toContain('(demo)');
		expect(await findAccounts({ db, actor: other })).toEqual([]);
		const oa = accounts.find((a) => a.platform === 'zalo_oa')!;
		expect(await loadAccountCredentials(db, oa.id)).toMatchObject({ accessToken: DEMO_ZALO.token, webhookSecret: DEMO_ZALO.secretKey });
	});

	it('marks the demo accounts so nothing goes out through their made-up keys, until an officer enters a real key', async () => {
		const db = database.db;
		const officer = await actorForUser(db, await getUserByUsername(db, 'canbo.habinh'), 'session');
		const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, '16108'));
		const { ids } = await enqueueOutbox(db, [
			{ unitId: unit.id, channel: 'facebook', kind: 'publication', recipient: DEMO_FACEBOOK.pageId, body: 'Tin thử', idempotencyKey: 'demo-account-test' }
		]);
		await deliverDue(db);
		const [dead] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, ids[0]));
		expect(dead).toMatchObject({ status: 'dead', lastError: 'outreach.error.notConfigured' });
		const page = (await findAccounts({ db, actor: officer })).find((a) => a.platform === 'facebook')!;
		expect((await db.select().from(outreachAccounts).where(eq(outreachAccounts.id, page.id)))[0].settings).toMatchObject({ demo: true });
		await saveAccount({ db, actor: officer }, { unit: '16108', platform: 'facebook', name: 'Trang tin UBND xã Hà Bình', externalId: DEMO_FACEBOOK.pageId, accessToken: 'khoa-that-cua-trang' });
		const [after] = await db.select().from(outreachAccounts).where(eq(outreachAccounts.id, page.id));
		expect(after.settings).not.toHaveProperty('demo');
	});

	it('puts two questions in Hà Bình\'s feedback, one by Zalo and one by SMS', async () => {
		const items = await database.db.select().from(feedbackItems).where(inArray(feedbackItems.channel, ['zalo', 'sms']));
		expect(items.map((i) => i.channel).sort()).toEqual(['sms', 'zalo']);
		const [unit] = await database.db.select({ id: units.id }).from(units).where(eq(units.code, '16108'));
		for (const i of items) expect(i.unitId).toBe(unit.id);
		const [sms] = await database.db.select().from(feedbackItems).where(eq(feedbackItems.channel, 'sms'));
		expect(sms.senderPhone).toBe('0975118206');
	});
});
