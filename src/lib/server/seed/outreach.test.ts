import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { createUnit } from '../modules/units/units.service';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { actorForUser } from '../auth/grants';
import { findMessages, getMessage, outboxOverview } from '../modules/outreach/outbox.log';
import { OutboxListQuery } from '../modules/outreach/outbox.schemas';
import { deliverDue } from '../modules/outreach/outbox.worker';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedOutreach } from './outreach';

describe('demo outreach history', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedOutreach(database.db);
	});
	afterAll(() => database.close());

	it("gives Hà Bình a week of messages in every outcome, seen by its officer and not by another commune's", async () => {
		const db = database.db;
		const officer = await actorForUser(db, await getUserByUsername(db, 'canbo.habinh'), 'session');
		const other = await actorForUser(db, await getUserByUsername(db, 'canbo.daquyn'), 'session');
		const overview = await outboxOverview({ db, actor: officer, locale: 'vi' });
		expect(overview.byStatus).toMatchObject({ sent: 2, delivered: 3, dead: 2 });
		expect(overview.notConfigured).toBe(1);
		expect(overview.days.reduce((t, d) => t + d.sent + d.failed, 0)).toBe(7);
		const list = await findMessages({ db, actor: officer, locale: 'en' }, OutboxListQuery.parse({}));
		expect(list.items).toHaveLength(7);
		const retried = list.items.find((m) => m.channel === 'zns')!;
		const detail = await getMessage({ db, actor: officer, locale: 'en' }, retried.id);
		expect(detail.attemptsLog.map((a) => a.outcome)).toEqual(['rate_limited', 'sent', 'delivered']);
		const dead = list.items.filter((m) => m.status === 'dead');
		expect(dead.every((m) => m.retryable && m.reason)).toBe(true);
		expect((await findMessages({ db, actor: other, locale: 'vi' }, OutboxListQuery.parse({}))).items).toEqual([]);
	});

	it('leaves nothing waiting, so starting the server sends nothing; seeding twice adds nothing', async () => {
		expect(await deliverDue(database.db)).toEqual({ sent: 0, failed: 0, dead: 0, cancelled: 0 });
		await seedOutreach(database.db);
		const officer = await actorForUser(database.db, await getUserByUsername(database.db, 'canbo.habinh'), 'session');
		expect((await findMessages({ db: database.db, actor: officer, locale: 'vi' }, OutboxListQuery.parse({}))).items).toHaveLength(7);
	});
});
