import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildTwoCommunes, buildUnit } from '../../testing/factories';
import { systemActor } from '../../access/actor';
import { auditEntries } from '../../audit/audit.tables';
import { verifyAuditChain } from '../../audit/audit.service';
import type { Database } from '../../db/client';
import { createUnit, getUnit, mergeUnit, updateUnit } from './units.service';
import { getUnitDetail } from './units.detail';

describe.each(testDrivers)('units create, rename, move, merge (%s)', (driver) => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	const entriesOf = (id: string) => database.db.select().from(auditEntries).where(eq(auditEntries.entityId, id)).orderBy(asc(auditEntries.seq));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildTwoCommunes(database.db);
	});
	afterAll(() => database.close());

	it('creates a unit under its parent, with an audit entry', async () => {
		const created = await createUnit(ctx(), { code: 'C1-V3', name: 'Thôn Ba', level: 'village', parentCode: 'C1', validFrom: '2025-07-01' });
		expect(created).toMatchObject({ code: 'C1-V3', parentCode: 'C1', validFrom: '2025-07-01', active: true });
		const [parent, unit] = await Promise.all([getUnit(ctx(), 'C1'), getUnit(ctx(), 'C1-V3')]);
		expect(unit.unit.path).toBe(parent.unit.path + unit.unit.id + '/');
		expect(await entriesOf(unit.unit.id)).toMatchObject([{ action: 'unit.create', after: { code: 'C1-V3', name: 'Thôn Ba' } }]);
	});

	it('refuses a duplicate code, an unknown level, a wrong placement and reversed dates', async () => {
		await expect(createUnit(ctx(), { code: 'C1', name: 'Trùng', level: 'commune', parentCode: 'P1' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(createUnit(ctx(), { code: 'X1', name: 'Lạ', level: 'hamlet', parentCode: 'C1' })).rejects.toMatchObject({ messageKey: 'unit.levelUnknown' });
		await expect(createUnit(ctx(), { code: 'X2', name: 'Ngược', level: 'commune', parentCode: 'C1-V1' })).rejects.toMatchObject({ messageKey: 'unit.parentLevel' });
		await expect(createUnit(ctx(), { code: 'X3', name: 'Ngày', level: 'commune', parentCode: 'P1', validFrom: '2025-07-01', validTo: '2025-01-01' })).rejects.toMatchObject({
			messageKey: 'unit.dateOrder'
		});
	});

	it('renames and re-dates a unit, recording before and after', async () => {
		const updated = await updateUnit(ctx(), 'C2', { name: 'Xã Hai Mới', validFrom: '2020-01-01' });
		expect(updated).toMatchObject({ name: 'Xã Hai Mới', validFrom: '2020-01-01' });
		const entries = await entriesOf(updated.id);
		expect(entries.at(-1)).toMatchObject({ action: 'unit.update', before: { name: 'Xã Hai' }, after: { name: 'Xã Hai Mới', validFrom: '2020-01-01' } });
	});

	it('moves a commune to another province: every path in its subtree follows', async () => {
		await buildUnit(database.db, { code: 'C1-V1-X', name: 'Tổ Một', level: 'village', parentCode: 'C1' });
		await updateUnit(ctx(), 'C1', { parentCode: 'P2' });
		const [p2, c1] = await Promise.all([getUnit(ctx(), 'P2'), getUnit(ctx(), 'C1')]);
		expect(c1.parentCode).toBe('P2');
		expect(c1.unit.path).toBe(p2.unit.path + c1.unit.id + '/');
		for (const code of ['C1-V1', 'C1-V2', 'C1-V3', 'C1-V1-X']) {
			const v = await getUnit(ctx(), code);
			expect(v.unit.path).toBe(c1.unit.path + v.unit.id + '/');
		}
		expect((await entriesOf(c1.unit.id)).at(-1)).toMatchObject({ action: 'unit.move', before: { parentCode: 'P1' }, after: { parentCode: 'P2' } });
		await expect(updateUnit(ctx(), 'P2', { parentCode: 'C1' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	it('merges a commune into another: children move, validity ends the day before, successor set, history kept', async () => {
		const merged = await mergeUnit(ctx(), 'C1', { successorCode: 'C2', date: '2025-07-01', moveChildren: true });
		expect(merged).toMatchObject({ code: 'C1', successorCode: 'C2', validTo: '2025-06-30', active: false });
		const c2 = await getUnit(ctx(), 'C2');
		for (const code of ['C1-V1', 'C1-V2']) {
			const v = await getUnit(ctx(), code);
			expect(v.parentCode).toBe('C2');
			expect(v.unit.path).toBe(c2.unit.path + v.unit.id + '/');
		}
		expect((await entriesOf(merged.id)).at(-1)).toMatchObject({
			action: 'unit.merge',
			before: { successorCode: null, validTo: null },
			after: { successorCode: 'C2', validTo: '2025-06-30' },
			context: { successor: 'C2', movedChildren: true }
		});
		await expect(mergeUnit(ctx(), 'C1', { successorCode: 'C2', date: '2025-08-01', moveChildren: true })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(mergeUnit(ctx(), 'C2', { successorCode: 'P1', date: '2025-08-01', moveChildren: true })).rejects.toMatchObject({ messageKey: 'unit.mergeLevel' });

		const detail = await getUnitDetail(ctx(), 'C2');
		expect(detail.mergedFrom).toEqual([{ code: 'C1', name: 'Xã Một', validTo: '2025-06-30' }]);
		expect(detail.children.map((c) => c.code)).toEqual(expect.arrayContaining(['C1-V1', 'C1-V2', 'C2-V1']));
		expect(detail.audit?.map((e) => e.action)).toEqual(['unit.update', 'unit.create']);
		const old = await getUnitDetail(ctx(), 'C1');
		expect(old.successor).toEqual({ code: 'C2', name: 'Xã Hai Mới' });
		expect(old.audit?.[0]).toMatchObject({ action: 'unit.merge', changes: expect.arrayContaining([{ field: 'validTo', from: null, to: '2025-06-30' }]) });
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});
});
