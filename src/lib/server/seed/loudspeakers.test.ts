import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull } from 'drizzle-orm';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { createUser } from '../modules/users/users.service';
import { activities } from '../modules/activities/activities.tables';
import { contentItems } from '../modules/content/content.tables';
import { broadcasts, stations } from '../modules/loudspeakers/loudspeakers.tables';
import { espeakEngine, espeakSettings } from '../speech/espeak';
import { DEMO_PASSWORD, demoAccounts, demoUnits } from './demo';
import { seedContent } from './content';
import { seedLoudspeakers } from './loudspeakers';

describe('demo loudspeakers', () => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		for (const u of demoUnits) await createUnit(ctx(), u);
		for (const a of demoAccounts)
			await createUser(ctx(), { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, locale: 'vi', roles: [{ role: a.role, unitCode: a.unitCode }] });
		await seedContent(database.db);
		// As on a server without espeak-ng: the demo loads, the bulletins just have no audio.
		await seedLoudspeakers(database.db, { engine: espeakEngine({ ...espeakSettings({}), command: '/nonexistent/espeak-ng' }) });
	}, 180_000);
	afterAll(() => database.close());

	it('gives both communes stations with slots, a week of broadcasts, and confirmed plays that became activities', async () => {
		const db = database.db;
		const all = await db.select().from(stations);
		expect(new Set(all.map((s) => s.kind))).toEqual(new Set(['wired', 'fm', 'ip']));
		expect(all.length).toBeGreaterThanOrEqual(6);
		const rows = await db.select().from(broadcasts);
		expect(rows.length).toBeGreaterThan(20);
		const played = rows.filter((r) => r.status === 'played');
		expect(played.length).toBeGreaterThan(5);
		expect(new Set(played.map((r) => r.confirmedVia))).toEqual(new Set(['button', 'controller']));
		expect(rows.some((r) => r.status === 'scheduled')).toBe(true);
		// Every play is exactly one broadcast activity.
		const fromPlays = await db.select().from(activities).where(and(eq(activities.source, 'loudspeaker'), eq(activities.channelCode, 'loudspeaker')));
		expect(fromPlays.map((a) => a.id).sort()).toEqual(played.map((r) => r.activityId).sort());
		expect(await db.select().from(contentItems).where(isNotNull(contentItems.audioFileId))).toEqual([]);
		expect((await verifyAuditChain(db)).ok).toBe(true);
	});
});
