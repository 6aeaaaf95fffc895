import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildTwoCommunes } from '../../testing/factories';
import { systemActor } from '../../access/actor';
import type { Database } from '../../db/client';
import { households, householdDuplicateFlags } from './households.tables';
import { findDuplicateCandidates, findDuplicateCandidatesMany, flagDuplicates } from './households.duplicates';

describe.each(testDrivers)('duplicate candidates (%s)', (driver) => {
	let database: Database;
	let tree: Awaited<ReturnType<typeof buildTwoCommunes>>;
	let an: string;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		tree = await buildTwoCommunes(database.db);
		const [row] = await database.db
			.insert(households)
			.values({ unitId: tree.v11.id, headName: 'Nguyễn Văn An', headNameNorm: 'nguyen van an', birthYear: 1970, idNumber: '038070001234' })
			.returning();
		an = row.id;
	});
	afterAll(() => database.close());

	it('finds the same ID number anywhere in the commune, and name + birth year in the same village only', async () => {
		const db = database.db;
		expect(await findDuplicateCandidates(db, { unitId: tree.v12.id, idNumber: '038070001234', headNameNorm: 'tran thi ba' })).toEqual([
			{ householdId: an, reason: 'id_number' }
		]);
		expect(await findDuplicateCandidates(db, { unitId: tree.v21.id, idNumber: '038070001234', headNameNorm: 'tran thi ba' })).toEqual([]);
		expect(await findDuplicateCandidates(db, { unitId: tree.v11.id, headNameNorm: 'nguyen van an', birthYear: 1970 })).toEqual([
			{ householdId: an, reason: 'name_birth_village' }
		]);
		expect(await findDuplicateCandidates(db, { unitId: tree.v11.id, headNameNorm: 'nguyen van an', birthYear: 1971 })).toEqual([]);
		expect(await findDuplicateCandidates(db, { unitId: tree.v12.id, headNameNorm: 'nguyen van an', birthYear: 1970 })).toEqual([]);
		expect(await findDuplicateCandidates(db, { unitId: tree.v11.id, headNameNorm: 'nguyen van an', birthYear: 1970, excludeId: an })).toEqual([]);
		const many = await findDuplicateCandidatesMany(db, [
			{ key: '7', unitId: tree.v11.id, idNumber: '038070001234', headNameNorm: 'nguyen van an', birthYear: 1970 },
			{ key: '8', unitId: tree.v11.id, headNameNorm: 'le van cu' }
		]);
		expect(many).toEqual([{ key: '7', householdId: an, reason: 'id_number' }]);
	});

	it('flags a pair once, whichever way round it is given', async () => {
		const [other] = await database.db
			.insert(households)
			.values({ unitId: tree.v11.id, headName: 'Nguyen Van An', headNameNorm: 'nguyen van an', birthYear: 1970 })
			.returning();
		const flag = { householdId: other.id, otherHouseholdId: an, reason: 'name_birth_village' as const, unitId: tree.v11.id };
		const opened = await database.db.transaction((tx) => flagDuplicates(tx, systemActor, [flag, { ...flag, householdId: an, otherHouseholdId: other.id }]));
		expect(opened).toHaveLength(1);
		expect(await database.db.transaction((tx) => flagDuplicates(tx, systemActor, [flag]))).toEqual([]);
		expect(await database.db.select().from(householdDuplicateFlags)).toHaveLength(1);
	});
});
