import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildUnit } from '../../testing/factories';
import { systemActor } from '../../access/actor';
import { auditEntries } from '../../audit/audit.tables';
import { verifyAuditChain } from '../../audit/audit.service';
import type { Database } from '../../db/client';
import { AppError } from '../../errors';
import { readTable } from '../../files/tabular';
import { importUnits, type UnitImportOptions } from './units.import';
import { exportUnits } from './units.export';
import { getUnit } from './units.service';
import { units } from './units.tables';

const csv = (...lines: string[]) => Buffer.from(lines.join('\n') + '\n', 'utf8');
const header = 'code,name,level,parent_code,valid_from,valid_to,successor_code';

describe.each(testDrivers)('units import (%s)', (driver) => {
	let database: Database;
	const ctx = () => ({ db: database.db, actor: systemActor });
	const run = (file: Uint8Array, options?: UnitImportOptions) => importUnits(ctx(), file, options);
	const failure = (file: Uint8Array, options?: UnitImportOptions) => run(file, options).then(() => expect.fail('accepted'), (e: AppError) => e);
	const unitCount = async () => (await database.db.select({ n: count() }).from(units))[0].n;
	const auditCount = async () => (await database.db.select({ n: count() }).from(auditEntries))[0].n;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
	});
	afterAll(() => database.close());

	it('imports a CSV (BOM, upper-case header, both date styles), parents first, and audits each unit', async () => {
		const before = await auditCount();
		const result = await run(
			Buffer.from(
				'\uFEFFCODE,Name,LEVEL,Parent_Code,Valid_From,valid_to\r\n' +
					'H1-V1,Thôn Một,village,H1,01/07/2025,\r\n' +
					'H1,Xã Hạnh Phúc,Commune,HP,2025-07-01,\r\n' +
					'HP,Tỉnh Hòa Phong,province,,,\r\n',
				'utf8'
			)
		);
		expect(result).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0, skipped: 0, errors: [] });
		const [province, commune, village] = await Promise.all(['HP', 'H1', 'H1-V1'].map((c) => getUnit(ctx(), c)));
		expect(commune.parentCode).toBe('HP');
		expect(commune.unit.level).toBe('commune');
		expect(village.unit.path).toBe(commune.unit.path + village.unit.id + '/');
		expect(commune.unit.path.startsWith(province.unit.path)).toBe(true);
		expect(village.unit.validFrom).toBe('2025-07-01');
		expect(await auditCount()).toBe(before + 3);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('imports an XLSX built in Excel style: numeric codes, date cells, a successor later in the file', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('Đơn vị');
		sheet.addRow(header.split(','));
		sheet.addRow([7001, 'Xã Cũ', 'commune', 'HP', null, new Date(Date.UTC(2025, 5, 30)), 7002]);
		sheet.addRow([7002, 'Xã Mới', 'commune', 'HP', new Date(Date.UTC(2025, 6, 1)), null, null]);
		sheet.getCell('F2').numFmt = 'dd/mm/yyyy';
		const result = await run(Buffer.from(await workbook.xlsx.writeBuffer()));
		expect(result).toMatchObject({ rows: 2, created: 2, errors: [] });
		const old = await getUnit(ctx(), '7001');
		expect(old).toMatchObject({ successorCode: '7002', unit: { validTo: '2025-06-30' } });
		expect((await getUnit(ctx(), '7002')).unit.validFrom).toBe('2025-07-01');
	});

	it('re-importing the same file changes nothing and writes no audit entry', async () => {
		const file = csv('code,name,level,parent_code', 'HP,Tỉnh Hòa Phong,province,', 'H1,Xã Hạnh Phúc,commune,HP');
		const before = await auditCount();
		expect(await run(file)).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
		expect(await auditCount()).toBe(before);
	});

	it('reports every bad row with its line and column, and stores nothing', async () => {
		await buildUnit(database.db, { code: 'OLD-C', name: 'Xã Có Sẵn', level: 'commune', parentCode: 'HP' });
		const unitsBefore = await unitCount();
		const auditBefore = await auditCount();
		const err = await failure(
			csv(
				header,
				/* 2 */ ',Không mã,commune,HP,,,',
				/* 3 */ 'BAD CODE,Mã có dấu cách,commune,HP,,,',
				/* 4 */ 'E4,,commune,HP,,,',
				/* 5 */ 'E5,Cấp lạ,hamlet,HP,,,',
				/* 6 */ 'E6,Ngày sai,commune,HP,31/02/2025,,',
				/* 7 */ 'E7,Ngày ngược,commune,HP,2025-07-01,2025-06-30,',
				/* 8 */ 'E8,Mã một,commune,HP,,,',
				/* 9 */ 'E8,Mã một lặp,commune,HP,,,',
				/* 10 */ 'E10,Không có cấp trên,commune,NOPE,,,',
				/* 11 */ 'E11,Xã dưới thôn,commune,H1-V1,,,',
				/* 12 */ 'E12,Xã không cấp trên,commune,,,,',
				/* 13 */ 'E13,Kế thừa lạ,commune,HP,,,GONE',
				/* 14 */ 'E14,Kế thừa khác cấp,commune,HP,,,HP',
				/* 15 */ 'E15,Thôn của xã lỗi,village,E5,,,',
				/* 16 */ 'OLD-C,Đổi cấp,village,H1,,,',
				/* 17 */ 'E17,Tỉnh có cấp trên,province,HP,,,'
			)
		);
		expect(err).toBeInstanceOf(AppError);
		expect(err).toMatchObject({ code: 'VALIDATION', messageKey: 'unit.import.hasErrors', params: { count: 15, rows: 16 } });
		expect(err.details.map((d) => [d.row, d.column])).toEqual([
			[2, 'code'],
			[3, 'code'],
			[4, 'name'],
			[5, 'level'],
			[6, 'valid_from'],
			[7, 'valid_to'],
			[9, 'code'],
			[10, 'parent_code'],
			[11, 'parent_code'],
			[12, 'parent_code'],
			[13, 'successor_code'],
			[14, 'successor_code'],
			[15, 'parent_code'],
			[16, 'level'],
			[17, 'parent_code']
		]);
		const messages = Object.fromEntries(err.details.map((d) => [d.row, d.message]));
		expect(messages[2]).toBe('Thiếu giá trị bắt buộc');
		expect(messages[6]).toMatch(/Ngày không hợp lệ/);
		expect(messages[9]).toBe('Mã E8 lặp lại ở dòng 8');
		expect(messages[10]).toBe('Không có đơn vị cấp trên mã NOPE');
		expect(messages[15]).toBe('Đơn vị cấp trên E5 (dòng 5) có lỗi');
		expect(await unitCount()).toBe(unitsBefore);
		expect(await auditCount()).toBe(auditBefore);
	});

	it('with skipErrors imports the valid rows and skips bad rows and the rows that depend on them', async () => {
		const result = await run(
			csv(
				'code,name,level,parent_code',
				'S-V1,Thôn của xã lỗi,village,S-C1',
				'S-C1,Xã sai cấp,hamlet,HP',
				'S-C2,Xã đúng,commune,HP',
				'S-V2,Thôn đúng,village,S-C2',
				'S-V3,Thôn mồ côi,village,S-NONE'
			),
			{ skipErrors: true, locale: 'en' }
		);
		expect(result).toMatchObject({ rows: 5, created: 2, updated: 0, unchanged: 0, skipped: 3 });
		expect(result.errors).toEqual([
			{ row: 2, column: 'parent_code', message: 'Parent unit S-C1 (line 3) has errors' },
			{ row: 3, column: 'level', message: expect.stringMatching(/^Unknown unit level: hamlet/) },
			{ row: 6, column: 'parent_code', message: 'No parent unit with code S-NONE' }
		]);
		expect((await getUnit(ctx(), 'S-V2')).parentCode).toBe('S-C2');
		await expect(getUnit(ctx(), 'S-V1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('updates by code and moves a unit with its whole subtree', async () => {
		await run(csv('code,name,level,parent_code', 'M-P,Tỉnh Mới,province,', 'M-C,Xã Di,commune,HP', 'M-V,Thôn Di,village,M-C'));
		const before = await auditCount();
		const result = await run(csv('code,name,level,parent_code', 'M-C,Xã Di Chuyển,commune,M-P', 'M-P,Tỉnh Mới,province,'));
		expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
		const [province, commune, village] = await Promise.all(['M-P', 'M-C', 'M-V'].map((c) => getUnit(ctx(), c)));
		expect(commune.unit.name).toBe('Xã Di Chuyển');
		expect(commune.unit.path).toBe(province.unit.path + commune.unit.id + '/');
		expect(village.unit.path).toBe(commune.unit.path + village.unit.id + '/');
		const [entry] = await database.db.select().from(auditEntries).where(eq(auditEntries.entityId, commune.unit.id)).orderBy(auditEntries.seq).offset(1);
		expect(entry).toMatchObject({ action: 'unit.move', before: { parentCode: 'HP' }, after: { parentCode: 'M-P', name: 'Xã Di Chuyển' } });
		expect(await auditCount()).toBe(before + 1);
	});

	it('keeps stored values of optional columns the file does not have, and clears them when the cell is empty', async () => {
		await run(csv(header, 'K-C,Xã Giữ,commune,HP,2020-01-01,,'));
		await run(csv('code,name,level,parent_code', 'K-C,Xã Giữ Tên Mới,commune,HP'));
		expect((await getUnit(ctx(), 'K-C')).unit).toMatchObject({ name: 'Xã Giữ Tên Mới', validFrom: '2020-01-01' });
		await run(csv(header, 'K-C,Xã Giữ Tên Mới,commune,HP,,,'));
		expect((await getUnit(ctx(), 'K-C')).unit.validFrom).toBeNull();
	});

	it('refuses files that are not unit tables', async () => {
		expect(await failure(Buffer.from('%PDF-1.4\n%âãÏÓ\n'))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
		const notTable = await failure(csv('ma,ten', '1,Xã'));
		expect(notTable).toMatchObject({ code: 'VALIDATION', messageKey: 'unit.import.notTable' });
		expect(notTable.details.map((d) => d.column)).toEqual(['code', 'name', 'level', 'parent_code']);
		expect(await failure(csv('code,name,level,parent_code'))).toMatchObject({ messageKey: 'unit.import.empty' });
	});

	it('an export imports back unchanged, and into an empty database as the same tree', async () => {
		await buildUnit(database.db, { code: 'R-V', name: 'Thôn "Đặc biệt", một', level: 'village', parentCode: 'H1' });
		for (const format of ['csv', 'xlsx'] as const) {
			const file = await exportUnits(ctx(), { format });
			const rows = (await readTable(file.body)).rows.length;
			expect(await run(file.body)).toMatchObject({ rows, created: 0, updated: 0, unchanged: rows, errors: [] });

			const fresh = await createTestDatabase(driver);
			try {
				const freshCtx = { db: fresh.db, actor: systemActor };
				expect(await importUnits(freshCtx, file.body)).toMatchObject({ created: rows, errors: [] });
				const sorted = async (body: Buffer) =>
					(await readTable(body)).rows.map((r) => JSON.stringify(r.values)).sort();
				expect(await sorted((await exportUnits(freshCtx, { format })).body)).toEqual(await sorted(file.body));
			} finally {
				await fresh.close();
			}
		}
	});
});
