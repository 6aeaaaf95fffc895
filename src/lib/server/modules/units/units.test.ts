import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import type { Database } from '../../db/client';
import { findUnits, getUnit, updateUnit } from './units.service';
import { AppError } from '../../errors';

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
});
