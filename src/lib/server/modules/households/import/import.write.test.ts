import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../testing/db';
import { buildActor, buildUnit } from '../../../testing/factories';
import type { Actor } from '../../../access/actor';
import { auditEntries } from '../../../audit/audit.tables';
import { verifyAuditChain } from '../../../audit/audit.service';
import type { Database } from '../../../db/client';
import { buildHousehold } from '../households.testing';
import { householdClassifications, householdDuplicateFlags, households } from '../households.tables';
import { importHouseholds } from './import.service';

const csv = (lines: string[]) => Buffer.from('\uFEFF' + ['Họ và tên chủ hộ,Năm sinh,Thôn,Phân loại,CCCD', ...lines].join('\n'), 'utf8');

/**
 * The write pass's own refusals (the register decides them, not the file) and its one audit entry;
 * in the usual pieces, and in pieces of one row, where every match and refusal crosses pieces.
 */
describe.each(testDrivers.flatMap((d) => [[d, 5000] as const, [d, 1] as const]))('household import write pass (%s, pieces of %i rows)', (driver, batchSize) => {
	let database: Database;
	let officer: Actor;
	const run = (lines: string[], year = 2025) => importHouseholds({ db: database.db, actor: officer }, csv(lines), { unitCode: 'WP-C', year, locale: 'en', batchSize });
	const total = async (table: typeof households | typeof householdClassifications | typeof householdDuplicateFlags | typeof auditEntries) =>
		(await database.db.select({ n: count() }).from(table))[0].n;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildUnit(database.db, { code: 'WP-P', name: 'Tỉnh Ghi', level: 'province' });
		await buildUnit(database.db, { code: 'WP-C', name: 'Xã Ghi', level: 'commune', parentCode: 'WP-P' });
		await buildUnit(database.db, { code: 'WP-C-01', name: 'Thôn Pác Bó', level: 'village', parentCode: 'WP-C' });
		await buildUnit(database.db, { code: 'WP-C-02', name: 'Thôn Nà Hang', level: 'village', parentCode: 'WP-C' });
		officer = await buildActor(database.db, 'commune_officer', 'WP-C');
		// Two records of one ID number, and two of one name, birth year and village without one: look-alikes an officer has not yet merged.
		await buildHousehold(database.db, { villageCode: 'WP-C-01', headName: 'Nông Văn Dền', birthYear: 1950, idNumber: '004050000111' });
		await buildHousehold(database.db, { villageCode: 'WP-C-02', headName: 'Nông Văn Dền', birthYear: 1951, idNumber: '004050000111' });
		await buildHousehold(database.db, { villageCode: 'WP-C-01', headName: 'Triệu Thị Mỷ', birthYear: 1962 });
		await buildHousehold(database.db, { villageCode: 'WP-C-01', headName: 'Triệu Thị Mỷ', birthYear: 1962 });
		await buildHousehold(database.db, { villageCode: 'WP-C-02', headName: 'Hà Văn Thào', birthYear: 1970, idNumber: '004070000333' });
	});
	afterAll(() => database.close());

	it('refuses by row a household the register holds twice, and a second row naming the household an earlier row named', async () => {
		const before = { households: await total(households), flags: await total(householdDuplicateFlags) };
		const { summary } = await run([
			'Nông Văn Dền,1950,Pác Bó,Hộ nghèo,004050000111',
			'Triệu Thị Mỷ,1962,Pác Bó,Hộ nghèo,',
			// Row 4 names Hà Văn Thào by his ID number (under a shorter name); row 5 by his name, birth year and village.
			'Hà Thào,1970,Nà Hang,Hộ nghèo,004070000333',
			'Hà Văn Thào,1970,Nà Hang,Hộ cận nghèo,',
			'Bàn Thị Slam,1988,Nà Hang,Hộ cận nghèo,'
		]);
		expect(summary).toMatchObject({ rows: 5, imported: 1, updated: 1, unchanged: 0 });
		expect(summary.errors).toEqual([
			{ row: 2, column: 'CCCD', message: expect.stringContaining('2 households with this ID number') },
			{ row: 3, column: 'Họ và tên chủ hộ', message: expect.stringContaining('2 households with this name') },
			{ row: 5, column: 'Họ và tên chủ hộ', message: 'The same registered household as row 4' }
		]);
		const [thao] = await database.db.select().from(households).where(eq(households.idNumber, '004070000333'));
		expect(thao.headName).toBe('Hà Thào');
		expect(await total(households)).toBe(before.households + 1);
	});

	it('writes one audit entry per import naming what it did to each household, and none when the same file changes nothing', async () => {
		const lines = ['Lục Văn Páo,1975,Pác Bó,Hộ nghèo,004075000444', 'Lục Thị Sua,1979,Nà Hang,Hộ cận nghèo,'];
		const entriesBefore = await total(auditEntries);
		const first = await run(lines);
		expect(first.summary).toMatchObject({ imported: 2, errors: [] });
		expect(await total(auditEntries)).toBe(entriesBefore + 1);
		const again = await run(lines);
		expect(again.summary).toMatchObject({ imported: 0, updated: 0, unchanged: 2, duplicates: 0 });
		expect(await total(auditEntries)).toBe(entriesBefore + 1);

		// Moved to another village and reclassified: both in the next entry, by field name and code.
		const moved = await run(['Lục Văn Páo,1975,Nà Hang,Hộ cận nghèo,004075000444', 'Lục Thị Sua,1979,Nà Hang,Hộ cận nghèo,']);
		expect(moved.summary).toMatchObject({ updated: 1, unchanged: 1 });
		const [entry] = await database.db.select().from(auditEntries).where(eq(auditEntries.entityId, moved.id));
		const [pao] = await database.db.select().from(households).where(eq(households.idNumber, '004075000444'));
		expect(entry).toMatchObject({ action: 'household.import', entityType: 'household_import', kind: 'change' });
		expect(entry.after).toMatchObject({
			year: 2025,
			counts: { rows: 2, imported: 0, updated: 1, unchanged: 1, duplicates: 0, refused: 0 },
			created: '',
			updated: `${pao.id} 2 - WP-C-01 WP-C-02`,
			classified: `${pao.id} 2 poor near_poor`,
			flagged: ''
		});
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('flags look-alikes among the new households once per pair, and not again on the next import', async () => {
		const flagsBefore = await total(householdDuplicateFlags);
		// Same name, birth year and village as each other, told apart by their ID numbers only.
		const { summary } = await run(['Sầm Văn Tỉnh,1966,Pác Bó,Hộ nghèo,004066000555', 'Sầm Văn Tỉnh,1966,Pác Bó,Hộ nghèo,004066000666'], 2026);
		expect(summary).toMatchObject({ imported: 2, duplicates: 1 });
		expect(await total(householdDuplicateFlags)).toBe(flagsBefore + 1);
		const next = await run(['Sầm Văn Tỉnh,1966,Pác Bó,Hộ cận nghèo,004066000555', 'Sầm Văn Tỉnh,1966,Pác Bó,Hộ nghèo,004066000666'], 2026);
		expect(next.summary).toMatchObject({ updated: 1, unchanged: 1, duplicates: 0 });
		expect(await total(householdDuplicateFlags)).toBe(flagsBefore + 1);
	});

	it('stores cells holding what COPY text escapes (backslashes, a literal \\N, tabs and line breaks) as the file has them', async () => {
		const file = Buffer.from(
			'\uFEFF' +
				['Họ và tên chủ hộ,Năm sinh,Thôn,Phân loại,Địa chỉ,Ghi chú', 'Vàng A Dế \\N,1981,Pác Bó,Hộ nghèo,"Bản C:\\Tà Chải\\","Hai dòng\tcó tab\nvà \\\\ đôi"', 'Vàng Thị Mai,1984,Pác Bó,Hộ nghèo,\\N,'].join('\n'),
			'utf8'
		);
		const { summary } = await importHouseholds({ db: database.db, actor: officer }, file, { unitCode: 'WP-C', year: 2025, locale: 'en' });
		expect(summary).toMatchObject({ imported: 2, errors: [] });
		const [de] = await database.db.select().from(households).where(eq(households.headName, 'Vàng A Dế \\N'));
		// Runs of white space in a cell become one space, as for every import.
		expect(de).toMatchObject({ address: 'Bản C:\\Tà Chải\\', notes: 'Hai dòng có tab và \\\\ đôi' });
		const [mai] = await database.db.select().from(households).where(eq(households.headName, 'Vàng Thị Mai'));
		expect(mai).toMatchObject({ address: '\\N', notes: null });
	});

	it('writes nothing when the file fails after some pieces were written, and leaves the connection usable', async () => {
		const before = { households: await total(households), classifications: await total(householdClassifications) };
		const lines = Array.from({ length: 8 }, (_, i) => `Lò Văn Piếng ${i},${1960 + i},Pác Bó,Hộ nghèo,`);
		const failed = await importHouseholds({ db: database.db, actor: officer }, csv(lines), { unitCode: 'WP-C', year: 2025, locale: 'en', batchSize, maxRows: 5 }).catch(
			(err: unknown) => err
		);
		expect(failed).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
		expect({ households: await total(households), classifications: await total(householdClassifications) }).toEqual(before);
		const after = await run(lines.slice(0, 2));
		expect(after.summary).toMatchObject({ imported: 2, errors: [] });
	});
});
