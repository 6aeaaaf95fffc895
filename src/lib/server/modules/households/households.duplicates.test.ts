import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildTwoCommunes } from '../../testing/factories';
import { systemActor } from '../../access/actor';
import type { Database } from '../../db/client';
import { households, householdDuplicateFlags } from './households.tables';
import type { Actor } from '../../access/actor';
import { dismissDuplicate, findDuplicateCandidates, findDuplicateCandidatesMany, findDuplicateFlags, flagDuplicates, mergeDuplicate } from './households.duplicates';
import { countHouseholds, findHouseholds, getHousehold, updateHousehold } from './households.service';
import { setClassification } from './households.classifications';
import { hasConsent, recordConsent } from './households.consent';
import { buildHousehold, buildHouseholdWorld } from './households.testing';

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

describe.each(testDrivers)('duplicates flagged on entry, merged or dismissed (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const seen = { screen: 'test', purpose: 'duplicates' };

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
	});
	afterAll(() => database.close());

	it('flags the same ID number in the commune and the same name, birth year and village; not another commune', async () => {
		const db = database.db;
		const first = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Hà Văn Tám', birthYear: 1975, idNumber: '038075009999' });
		expect(first.duplicateFlags).toEqual([]);
		const sameId = await buildHousehold(db, { villageCode: 'C1-V2', headName: 'Hà Văn Tâm', idNumber: '038 075 009 999' });
		expect(sameId.duplicateFlags).toHaveLength(1);
		const sameName = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'ha van tam', birthYear: 1975 });
		expect(sameName.duplicateFlags).toHaveLength(1);
		const elsewhere = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Hà Văn Tám', birthYear: 1975, idNumber: '038075009999' });
		expect(elsewhere.duplicateFlags).toEqual([]);
		const list = await findDuplicateFlags(ctx(w.officer1), { limit: 50, offset: 0 }, seen);
		expect(list.items.map((f) => [f.reason, f.household.headName, f.other.headName])).toEqual([
			['id_number', 'Hà Văn Tâm', 'Hà Văn Tám'],
			['name_birth_village', 'ha van tam', 'Hà Văn Tám']
		]);
		expect(list.items[0]).toMatchObject({ canResolve: true, other: { idNumber: '038075009999' } });
		// The village head of C1-V1 reads only one side of the ID pair: that flag is not theirs to see.
		const headList = await findDuplicateFlags(ctx(w.head11), { limit: 50, offset: 0 }, seen);
		expect(headList.items.map((f) => f.reason)).toEqual(['name_birth_village']);
		expect(headList.items[0].other.idNumber).toBe('0380•••••999');
		expect((await findDuplicateFlags(ctx(w.officer2), { limit: 50, offset: 0 }, seen)).items).toEqual([]);
		// Changing a name into a look-alike flags it too, against both records of that name.
		const other = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Lò Văn Sinh', birthYear: 1975 });
		await updateHousehold(ctx(w.officer1), other.id, { headName: 'Hà Văn Tám' });
		const flagged = (await findDuplicateFlags(ctx(w.officer1), { limit: 50, offset: 0 }, seen)).items.filter((f) => f.household.id === other.id);
		expect(flagged.map((f) => f.other.headName).sort()).toEqual(['Hà Văn Tám', 'ha van tam']);
	});

	it('merging moves classifications and consents to the kept record, marks the other merged and resolves the flag', async () => {
		const db = database.db;
		const kept = await buildHousehold(db, {
			villageCode: 'C1-V2',
			headName: 'Vi Thị Lan',
			birthYear: 1980,
			classification: { year: 2025, category: 'poor', lacking: ['nutrition'] }
		});
		const dupe = await buildHousehold(db, {
			villageCode: 'C1-V2',
			headName: 'Vi Thi Lan',
			birthYear: 1980,
			phone: '0987654321',
			classification: { year: 2026, category: 'near_poor' }
		});
		await setClassification(ctx(w.officer1), dupe.id, 2025, { category: 'escaped', lacking: [] });
		await recordConsent(ctx(w.officer1), dupe.id, { granted: true, channels: ['sms'], note: null });
		const [flagId] = dupe.duplicateFlags;
		await expect(mergeDuplicate(ctx(w.officer1), flagId, { keepId: w.officer1.userId! })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(mergeDuplicate(ctx(w.officer2), flagId, { keepId: kept.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const result = await mergeDuplicate(ctx(w.officer1), flagId, { keepId: kept.id });
		expect(result).toMatchObject({ keptId: kept.id, mergedId: dupe.id, flag: { status: 'merged', householdId: dupe.id, otherHouseholdId: kept.id } });

		const after = await getHousehold(ctx(w.officer1), kept.id, seen);
		expect(after.classifications.map((c) => [c.year, c.category])).toEqual([
			[2026, 'near_poor'],
			[2025, 'poor']
		]);
		expect(after).toMatchObject({ phone: '0987654321', consent: { granted: true, channels: ['sms'] } });
		expect((await getHousehold(ctx(w.officer1), dupe.id, seen)).mergedIntoId).toBe(kept.id);
		expect(await hasConsent(db, kept.id, 'sms')).toBe(true);
		expect(await hasConsent(db, dupe.id, 'sms')).toBe(false);
		// The merged record leaves lists and counts.
		const names = (await findHouseholds(ctx(w.officer1), { q: 'vi thi lan', limit: 50, offset: 0 }, seen)).items.map((i) => i.id);
		expect(names).toEqual([kept.id]);
		const counts = await countHouseholds(ctx(w.officer1), { unit: 'C1-V2', year: 2026 });
		expect(counts).toEqual([expect.objectContaining({ category: 'near_poor', households: 1 })]);
		await expect(mergeDuplicate(ctx(w.officer1), flagId, { keepId: kept.id })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(updateHousehold(ctx(w.officer1), dupe.id, { members: 2 })).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('dismissing closes the flag for good: the same pair is not flagged again', async () => {
		const db = database.db;
		const a = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Mã Văn Pao', birthYear: 1990 });
		const b = await buildHousehold(db, { villageCode: 'C2-V1', headName: 'Mã Văn Pao', birthYear: 1990, notes: 'hai anh em cùng tên' });
		const [flagId] = b.duplicateFlags;
		await expect(dismissDuplicate(ctx(w.officer1), flagId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await dismissDuplicate(ctx(w.officer2), flagId)).flag.status).toBe('dismissed');
		await expect(dismissDuplicate(ctx(w.officer2), flagId)).rejects.toMatchObject({ code: 'CONFLICT' });
		await updateHousehold(ctx(w.officer2), b.id, { birthYear: 1990, headName: 'Mã Văn Pao ' });
		expect((await findDuplicateFlags(ctx(w.officer2), { limit: 50, offset: 0 }, seen)).items).toEqual([]);
		await expect(dismissDuplicate(ctx(w.officer2), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(a.id).not.toBe(b.id);
	});
});
