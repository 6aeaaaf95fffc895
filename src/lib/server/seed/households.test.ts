import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import { systemActor } from '../access/actor';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { createUnit } from '../modules/units/units.service';
import { findHouseholds, countHouseholds } from '../modules/households/households.service';
import { findDuplicateFlags } from '../modules/households/households.duplicates';
import { demoUnits } from './demo';
import { DEMO_DUPLICATE, DEMO_HOUSEHOLD, seedHouseholds } from './households';

describe('demo households', () => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	const seen = { screen: 'test', purpose: 'demo' };
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		for (const u of demoUnits) await createUnit(ctx(), u);
		await seedHouseholds(database.db);
	});
	afterAll(() => database.close());

	it('puts twenty households in every village of both communes, classified for 2025 and 2026', async () => {
		const counts = await countHouseholds(ctx(), {});
		const villages = demoUnits.filter((u) => u.level === 'village').map((u) => u.code);
		for (const year of [2025, 2026])
			for (const v of villages)
				expect(counts.filter((c) => c.year === year && c.villageCode === v).reduce((n, c) => n + c.households, 0), `${v} ${year}`).toBe(20);
		expect(new Set(counts.map((c) => c.category))).toEqual(new Set(['poor', 'near_poor', 'escaped', 'none']));
	});

	it('has the household the demos search for, consents of every kind and the one duplicate pair flagged', async () => {
		const found = await findHouseholds(ctx(), { q: 'nguyen van an', village: DEMO_HOUSEHOLD.villageCode, limit: 50, offset: 0 }, seen);
		expect(found.items.some((h) => h.headName === DEMO_HOUSEHOLD.headName && h.birthYear === DEMO_HOUSEHOLD.birthYear)).toBe(true);
		for (const consent of ['granted', 'withdrawn', 'none'] as const)
			expect((await findHouseholds(ctx(), { consent, limit: 1, offset: 0 }, seen)).items.length, consent).toBe(1);
		const flags = await findDuplicateFlags(ctx(), { limit: 50, offset: 0 }, seen);
		expect(flags.items.map((f) => [f.reason, f.household.headName, f.other.headName, f.household.villageCode])).toEqual([
			['name_birth_village', DEMO_DUPLICATE.headName, DEMO_DUPLICATE.headName, DEMO_DUPLICATE.villageCode]
		]);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});
});
