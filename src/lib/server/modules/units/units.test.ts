import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import type { Database } from '../../db/client';
import { createUnit, findUnits, getUnit, mergeUnit, updateUnit } from './units.service';
import { AppError } from '../../errors';
import { readTable } from '../../files/tabular';
import type { Actor } from '../../access/actor';
import { importUnits } from './units.import';
import { exportUnits } from './units.export';
import { getUnitDetail } from './units.detail';

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n', 'utf8');

describe.each(testDrivers)('units scope (%s)', (driver) => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildTwoCommunes(database.db);
	});
	afterAll(() => database.close());

	it('a commune officer lists only their commune and its villages', async () => {
		const actor = await buildActor(database.db, 'commune_officer', 'C1');
		const { items } = await findUnits({ db: database.db, actor }, { limit: 50, offset: 0 });
		expect(items.map((u) => u.code).sort()).toEqual(['C1', 'C1-V1', 'C1-V2']);
	});

	it("a commune officer can neither read nor change another commune's unit", async () => {
		const actor = await buildActor(database.db, 'commune_officer', 'C1');
		const ctx = { db: database.db, actor };
		await expect(getUnit(ctx, 'C2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateUnit(ctx, 'C2', { name: 'Đổi tên' })).rejects.toBeInstanceOf(AppError);
		const admin = await buildActor(database.db, 'admin', null);
		expect((await getUnit({ db: database.db, actor: admin }, 'C2')).unit.name).toBe('Xã Hai');
	});

	it("a commune officer can neither import nor export, merge or create in another commune's units", async () => {
		const actor = await buildActor(database.db, 'commune_officer', 'C1');
		const ctx = { db: database.db, actor };
		await expect(importUnits(ctx, csv('code,name,level,parent_code', 'C2-V9,Thôn Lạ,village,C2'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(exportUnits(ctx, { format: 'csv', root: 'C2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getUnitDetail(ctx, 'C2')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(mergeUnit(ctx, 'C2', { successorCode: 'C1', date: '2025-07-01', moveChildren: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createUnit(ctx, { code: 'C2-V9', name: 'Thôn Lạ', level: 'village', parentCode: 'C2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getUnit({ db: database.db, actor: await buildActor(database.db, 'admin', null) }, 'C2-V9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('a commune officer exports exactly their own subtree, and sees its detail without the power to change it', async () => {
		const actor = await buildActor(database.db, 'commune_officer', 'C1');
		const file = await exportUnits({ db: database.db, actor }, { format: 'xlsx' });
		expect((await readTable(file.body)).rows.map((r) => r.values.code).sort()).toEqual(['C1', 'C1-V1', 'C1-V2']);
		const detail = await getUnitDetail({ db: database.db, actor }, 'C1');
		expect(detail).toMatchObject({ canManage: false, ancestors: [{ code: 'P1', readable: false }] });
		expect(detail.audit?.map((e) => e.action)).toEqual(['unit.create']);
	});

	it('a manager granted one province imports inside it and is refused, row by row, outside it', async () => {
		const admin = { db: database.db, actor: await buildActor(database.db, 'admin', null) };
		const p1 = await getUnit(admin, 'P1');
		await createUnit(admin, { code: 'D1', name: 'Huyện Một', level: 'district', parentCode: 'P1' });
		await createUnit(admin, { code: 'D1-C3', name: 'Xã Ba', level: 'commune', parentCode: 'D1' });
		// No role is granted units.manage on a unit yet; the import must still honour such a grant.
		const manager: Actor = {
			userId: null,
			username: 'quanly.p1',
			displayName: 'Quản lý P1',
			via: 'session',
			grants: [{ role: 'admin', unitId: p1.unit.id, unitCode: 'P1', unitName: p1.unit.name, unitPath: p1.unit.path }]
		};
		const result = await importUnits(
			{ db: database.db, actor: manager },
			csv(
				'code,name,level,parent_code',
				'C1-V7,Thôn Bảy,village,C1',
				'C2-V7,Thôn Lạ,village,C2',
				'C2-V8,Thôn Con,village,C2-V7',
				'D1,Huyện Một,district,P2',
				'D1-C3-V1,Thôn Một,village,D1-C3'
			),
			{ skipErrors: true }
		);
		// The refused move of D1 must not drag the new village of its commune out of scope with it.
		expect(result).toMatchObject({ created: 2, skipped: 3 });
		expect(result.errors.map((e) => [e.row, e.column])).toEqual([
			[3, 'code'],
			[4, 'parent_code'],
			[5, 'code']
		]);
		expect((await getUnit(admin, 'D1')).parentCode).toBe('P1');
		expect((await getUnit(admin, 'D1-C3-V1')).unit.path.startsWith(p1.unit.path)).toBe(true);
	});
});
