import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { getPreferences } from '../modules/outreach/reminders.preferences';
import { findMyReminders } from '../modules/outreach/reminders.service';
import { collectReminders } from '../modules/outreach/reminders.collect';
import { seedDemo } from './demo';

describe('demo reminders', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
	}, 400_000);
	afterAll(() => database.close());

	it('saves the demo officers’ settings: e-mail digest at 7 for the commune officer, single SMS for the village head', async () => {
		expect(await getPreferences(await as('canbo.habinh'))).toMatchObject({ channels: ['email'], digest: true, digestHour: 7, saved: true });
		expect(await getPreferences(await as('truongthon.habinh'))).toMatchObject({ channels: ['sms'], digest: false, phone: '0912000401', saved: true });
	});

	it('collects reminders from the demo data, each person seeing only their own', async () => {
		const officer = await findMyReminders(await as('canbo.habinh'), { locale: 'vi' });
		expect(officer.items.length).toBeGreaterThan(0);
		expect(officer.items.every((i) => i.link.startsWith('/app/'))).toBe(true);
		const other = await findMyReminders(await as('canbo.daquyn'), { locale: 'vi' });
		const ids = new Set(officer.items.map((i) => i.id));
		expect(other.items.some((i) => ids.has(i.id))).toBe(false);
		const head = await findMyReminders(await as('truongthon.habinh'), { locale: 'vi' });
		expect(head.items.every((i) => !ids.has(i.id))).toBe(true);
		// The village head has the village's own (its reports), so the workspace box is not empty for either.
		expect(head.items.length).toBeGreaterThan(0);
		// The demo is already up to date: collecting again adds nothing.
		expect((await collectReminders(database.db)).added).toBe(0);
	});
});
