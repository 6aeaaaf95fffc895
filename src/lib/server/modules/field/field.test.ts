import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor } from '../../testing/factories';
import { auditEntries } from '../../audit/audit.tables';
import { today } from '../../periods';
import { buildPlan, buildPlanWorld } from '../plans/plans.fixtures';
import { buildHousehold } from '../households/households.testing';
import { FieldBootstrapQuery } from './field.schemas';
import { getFieldBootstrap } from './field.service';

describe.each(testDrivers)('village notebook bootstrap (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	let viewer: Actor;
	const year = Number(today().slice(0, 4));
	const boot = (actor: Actor, village?: string) => getFieldBootstrap({ db: database.db, actor }, FieldBootstrapQuery.parse({ village }));
	const fieldAccesses = async (householdId: string) =>
		database.db
			.select()
			.from(auditEntries)
			.where(and(eq(auditEntries.entityId, householdId), eq(auditEntries.kind, 'access')));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		world = await buildPlanWorld(db);
		viewer = await buildActor(db, 'viewer', 'C1');
		await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Nguyễn Văn Ánh', phone: '0912 345 678', idNumber: '001234567789', classification: { year, category: 'poor' } });
		await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Đỗ Thị Bưởi', classification: { year: year - 1, category: 'near_poor' } });
		await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Lò Văn Chiến' });
		await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Trần Văn Dũng', classification: { year, category: 'escaped' } });
		await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Hà Thị Én', classification: { year, category: 'poor' } });
		await buildPlan(db, { unitCode: 'C1', year, status: 'issued' });
		await buildPlan(db, { unitCode: 'C2', year, status: 'issued' });
	});
	afterAll(() => database.close());

	it('gives a village head their one village, its households as id, name and category only, channels, groups and the commune plan’s themes', async () => {
		const b = await boot(world.actors.village);
		expect(b.villages.map((v) => v.code)).toEqual(['C1-V1']);
		expect(b.village).toMatchObject({ code: 'C1-V1', name: 'Thôn Một', communeName: 'Xã Một' });
		expect(b.today).toBe(today());
		expect(b.householdsShown).toBe(true);
		expect(b.households.map((h) => [h.name, h.category])).toEqual([
			['Đỗ Thị Bưởi', 'near_poor'],
			['Lò Văn Chiến', null],
			['Nguyễn Văn Ánh', 'poor']
		]);
		for (const h of b.households) expect(Object.keys(h).sort()).toEqual(['category', 'id', 'name']);
		expect(JSON.stringify(b)).not.toMatch(/0912|345 678|001234567789/);
		expect(b.channels.length).toBeGreaterThan(3);
		expect(b.groups.map((g) => g.code)).toEqual(expect.arrayContaining(['poor', 'near_poor', 'escaped']));
		expect(b.plans).toHaveLength(1);
		expect(b.plans[0].unitName).toBe('Xã Một');
		expect(b.plans[0].themes.length).toBeGreaterThan(0);
	});

	it('writes one access entry per household listed, with screen "field"', async () => {
		const b = await boot(world.actors.village);
		const anh = b.households.find((h) => h.name === 'Nguyễn Văn Ánh')!;
		const before = (await fieldAccesses(anh.id)).length;
		await boot(world.actors.village);
		const after = await fieldAccesses(anh.id);
		expect(after).toHaveLength(before + 1);
		expect(after.at(-1)!.context).toMatchObject({ screen: 'field' });
		expect(after.at(-1)!.actorName).toBe(world.actors.village.username);
	});

	it('a village head cannot read another village, of their commune or another', async () => {
		await expect(boot(world.actors.village, 'C1-V2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(boot(world.actors.village, 'C2-V1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(boot(world.actors.otherVillage, 'C1-V1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const other = await boot(world.actors.otherVillage);
		expect(other.households.map((h) => h.name)).toEqual(['Hà Thị Én']);
	});

	it('a commune officer picks among their commune’s villages and cannot read the other commune’s', async () => {
		const list = await boot(world.actors.officer);
		expect(list.villages.map((v) => v.code).sort()).toEqual(['C1-V1', 'C1-V2']);
		expect(list.village).toBeNull();
		expect(list.households).toEqual([]);
		const v2 = await boot(world.actors.officer, 'C1-V2');
		expect(v2.households.map((h) => [h.name, h.category])).toEqual([['Trần Văn Dũng', 'escaped']]);
		await expect(boot(world.actors.officer, 'C2-V1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(boot(world.actors.otherOfficer, 'C1-V2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('someone who records activities without reading households gets the village without names; without activities.edit, nothing', async () => {
		const org = await boot(world.actors.organisation, 'C1-V1');
		expect(org.village?.code).toBe('C1-V1');
		expect(org.householdsShown).toBe(false);
		expect(org.households).toEqual([]);
		await expect(boot(viewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(boot(world.actors.finance)).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('refuses bad input with a clear error: an unknown code, a commune, a malformed code', async () => {
		await expect(boot(world.actors.admin, 'NO-SUCH')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(boot(world.actors.admin, 'C1')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'field.notVillage' });
		expect(() => FieldBootstrapQuery.parse({ village: "'; DROP TABLE units; --" })).toThrow();
		expect(() => FieldBootstrapQuery.parse({ village: 'x'.repeat(41) })).toThrow();
	});
});
