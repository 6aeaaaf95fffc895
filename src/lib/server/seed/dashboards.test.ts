import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { createUnit } from '../modules/units/units.service';
import { units } from '../modules/units/units.tables';
import { createUser, getUserByUsername } from '../modules/users/users.service';
import { requirePeriod } from '../periods';
import { computeIndicators } from '../modules/indicators/indicators.engine';
import { getDashboard } from '../modules/dashboards/dashboards.service';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { mergedCommune, seedDashboards } from './dashboards';

describe('demo history of a merged commune', () => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		const ctx = { db: database.db, actor: systemActor };
		for (const u of demoUnits) await createUnit(ctx, u);
		for (const a of demoAccounts)
			await createUser(ctx, { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedDashboards(database.db);
	}, 180_000);
	afterAll(() => database.close());

	it('merges Xã Hà Lai into Xã Hà Bình on 1 July 2025, keeping its history', async () => {
		const [old] = await database.db.select().from(units).where(eq(units.code, mergedCommune.code));
		const [habinh] = await database.db.select().from(units).where(eq(units.code, '16108'));
		expect(old).toMatchObject({ validTo: '2025-06-30', successorId: habinh.id });
		const figures = Object.fromEntries((await computeIndicators(database.db, { unitPath: habinh.path }, requirePeriod('2024'), ['bulletins_broadcast', 'dialogues_held', 'dialogue_participants', 'trainings_held', 'trainees'])).map((f) => [f.code, f.value]));
		expect(figures).toEqual({ bulletins_broadcast: 6, dialogues_held: 2, dialogue_participants: 76, trainings_held: 1, trainees: 25 });
	});

	it('shows the merged commune under Hà Bình on the province dashboard', async () => {
		const actor = await actorForUser(database.db, await getUserByUsername(database.db, 'tinh.thanhhoa'), 'session');
		const d = await getDashboard({ db: database.db, actor }, '38', '2025');
		expect(d.children.map((c) => c.unit.code)).not.toContain(mergedCommune.code);
		const habinh = d.children.find((c) => c.unit.code === '16108')!;
		expect(habinh.figures.find((f) => f.code === 'dialogues_held')!.value).toBe(1);
		expect(d.cards.find((f) => f.code === 'bulletins_broadcast')!.value).toBe(3);
	});
});
