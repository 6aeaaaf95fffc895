import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { systemActor } from '../../access/actor';
import { buildUnit } from '../../testing/factories';
import { ClassificationInput, currentYear, HouseholdCreateInput } from './households.schemas';
import { createHousehold } from './households.service';
import { setClassification, standardForYear } from './households.classifications';
import { buildHousehold, buildHouseholdWorld } from './households.testing';

const issues = (input: unknown) =>
	HouseholdCreateInput.safeParse(input).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('household input is checked before anything is stored', () => {
	const base = { villageCode: 'C1-V1', headName: 'Nguyễn Văn An' };
	it('refuses negative members, a birth year in the future, a malformed phone or ID, an unknown category', () => {
		expect(issues({ ...base, members: -2 })).toEqual([['members', 'household.membersRange']]);
		expect(issues({ ...base, members: 0 })).toEqual([['members', 'household.membersRange']]);
		expect(issues({ ...base, birthYear: currentYear() + 1 })).toEqual([['birthYear', 'household.birthYearFuture']]);
		expect(issues({ ...base, birthYear: 1850 })).toEqual([['birthYear', 'household.birthYearRange']]);
		expect(issues({ ...base, phone: '12345' })).toEqual([['phone', 'household.phoneInvalid']]);
		expect(issues({ ...base, phone: '0912 345 678 9' })).toEqual([['phone', 'household.phoneInvalid']]);
		expect(issues({ ...base, idNumber: '12-34' })).toEqual([['idNumber', 'household.idNumberInvalid']]);
		expect(issues({ ...base, classification: { year: 2025, category: 'rich' } }).map(([p]) => p)).toEqual(['classification.category']);
		expect(issues({ ...base, headName: '   ' }).map(([p]) => p)).toEqual(['headName']);
		expect(issues({ ...base, role: 'admin' }).length).toBe(1);
		expect(ClassificationInput.safeParse({ category: 'poor', lacking: ['Telecom Use'] }).error?.issues[0].message).toBe('household.indicatorFormat');
	});

	it('normalises what it keeps: phone, ID number, blanks as null', () => {
		expect(HouseholdCreateInput.parse({ ...base, phone: '+84 912.345.678', idNumber: '038 085 001 234', address: ' ', notes: '' })).toMatchObject({
			phone: '0912345678',
			idNumber: '038085001234',
			address: null,
			notes: null
		});
	});
});

describe.each(testDrivers)('classification by the standard of its year (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildHouseholdWorld(database.db);
	});
	afterAll(() => database.close());

	it('picks Decree 07/2021 up to 2026 and Decree 351/2025 from 2027, and refuses a year no standard covers', async () => {
		const db = database.db;
		expect((await standardForYear(db, 2022)).standard.code).toBe('nd07_2021');
		expect((await standardForYear(db, 2026)).standard.code).toBe('nd07_2021');
		expect((await standardForYear(db, 2027)).standard.code).toBe('nd351_2025');
		expect((await standardForYear(db, 2026)).indicators.filter((i) => i.information).map((i) => i.code)).toEqual(['telecom_use', 'information_means']);
		const h = await buildHousehold(db, { villageCode: 'C1-V1', headName: 'Sầm Văn Tư' });
		const ctx = { db, actor: w.officer1 };
		expect(await setClassification(ctx, h.id, 2026, { category: 'poor', lacking: ['telecom_use', 'telecom_use', 'nutrition'] })).toEqual({
			year: 2026,
			category: 'poor',
			standardCode: 'nd07_2021',
			lacking: ['nutrition', 'telecom_use']
		});
		expect((await setClassification(ctx, h.id, 2027, { category: 'near_poor', lacking: [] })).standardCode).toBe('nd351_2025');
		// The same year again replaces the category recorded before.
		expect((await setClassification(ctx, h.id, 2026, { category: 'escaped', lacking: [] })).category).toBe('escaped');
		await expect(setClassification(ctx, h.id, 2019, { category: 'poor', lacking: [] })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'household.noStandard' });
	});

	it('refuses indicators not on the standard’s list, naming each one', async () => {
		const h = await buildHousehold(database.db, { villageCode: 'C1-V1', headName: 'Sầm Thị Năm' });
		await expect(setClassification({ db: database.db, actor: w.officer1 }, h.id, 2025, { category: 'poor', lacking: ['nutrition', 'owns_a_car'] })).rejects.toMatchObject({
			code: 'VALIDATION',
			messageKey: 'household.indicatorUnknown',
			details: [{ path: 'lacking.1', message: 'owns_a_car' }]
		});
		await expect(
			createHousehold({ db: database.db, actor: w.officer1 }, HouseholdCreateInput.parse({ villageCode: 'C1-V1', headName: 'X', classification: { year: 2025, category: 'poor', lacking: ['owns_a_car'] } }))
		).rejects.toMatchObject({ messageKey: 'household.indicatorUnknown' });
	});

	it('enters households into active villages only, and refuses unknown households', async () => {
		const ctx = { db: database.db, actor: systemActor };
		await expect(createHousehold(ctx, HouseholdCreateInput.parse({ villageCode: 'C1', headName: 'X' }))).rejects.toMatchObject({ messageKey: 'household.notVillage' });
		await expect(createHousehold(ctx, HouseholdCreateInput.parse({ villageCode: 'NOPE', headName: 'X' }))).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'unit.notFound' });
		await buildUnit(database.db, { code: 'C1-OLD', name: 'Thôn Cũ', level: 'village', parentCode: 'C1', validTo: '2025-06-30' });
		await expect(createHousehold(ctx, HouseholdCreateInput.parse({ villageCode: 'C1-OLD', headName: 'X' }))).rejects.toMatchObject({ messageKey: 'household.villageInactive' });
		await expect(setClassification({ db: database.db, actor: w.officer1 }, 'not-a-uuid', 2025, { category: 'poor', lacking: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
