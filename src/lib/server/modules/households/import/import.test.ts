import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { count, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../testing/db';
import { buildActor, buildUnit } from '../../../testing/factories';
import { systemActor, type Actor } from '../../../access/actor';
import { auditEntries } from '../../../audit/audit.tables';
import { verifyAuditChain } from '../../../audit/audit.service';
import type { Database } from '../../../db/client';
import { AppError } from '../../../errors';
import { readTable } from '../../../files/tabular';
import { householdClassifications, householdDuplicateFlags, householdImports, households } from '../households.tables';
import { importHouseholds, type HouseholdImportOptions } from './import.service';
import { rejectedRowsFile } from './import.rejected';

/** A workbook as a commune office makes one; `fill` writes the sheet. */
async function xlsx(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	fill(workbook.addWorksheet('Danh sách'));
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csv = (text: string, bom = true) => Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
const nfd = (s: string) => s.normalize('NFD');

describe.each(testDrivers)('household list import (%s)', (driver) => {
	let database: Database;
	let officer: Actor;
	const run = (file: Uint8Array, options: Partial<HouseholdImportOptions> = {}, actor?: Actor) =>
		importHouseholds({ db: database.db, actor: actor ?? officer }, file, { unitCode: 'HI-C1', year: 2025, ...options });
	const failure = (file: Uint8Array, options: Partial<HouseholdImportOptions> = {}, actor?: Actor) =>
		run(file, options, actor).then(
			() => expect.fail('accepted'),
			(e: AppError) => e
		);
	const counts = async () => {
		const one = async (table: typeof households | typeof householdClassifications | typeof auditEntries | typeof householdDuplicateFlags | typeof householdImports) =>
			(await database.db.select({ n: count() }).from(table))[0].n;
		return {
			households: await one(households),
			classifications: await one(householdClassifications),
			audit: await one(auditEntries),
			flags: await one(householdDuplicateFlags),
			imports: await one(householdImports)
		};
	};
	const household = async (name: string) => {
		const [row] = await database.db
			.select({ h: households, category: householdClassifications.category, lacking: householdClassifications.lacking, year: householdClassifications.year })
			.from(households)
			.leftJoin(householdClassifications, eq(householdClassifications.householdId, households.id))
			.where(eq(households.headName, name));
		return row;
	};
	let villages: Record<string, string> = {};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		await buildUnit(db, { code: 'HI-P', name: 'Tỉnh Nhập', level: 'province' });
		await buildUnit(db, { code: 'HI-C1', name: 'Xã Một', level: 'commune', parentCode: 'HI-P' });
		await buildUnit(db, { code: 'HI-C2', name: 'Xã Hai', level: 'commune', parentCode: 'HI-P' });
		for (const [code, name, parent] of [
			['HI-C1-01', 'Thôn Đông Sơn', 'HI-C1'],
			['HI-C1-02', 'Thôn Tây Sơn', 'HI-C1'],
			['HI-C1-03', 'Bản Nà Lừa', 'HI-C1'],
			['HI-C2-01', 'Thôn Đông Sơn', 'HI-C2']
		]) {
			const unit = await buildUnit(db, { code, name, level: 'village', parentCode: parent });
			villages[code] = unit.id;
		}
		officer = await buildActor(db, 'commune_officer', 'HI-C1');
	});
	afterAll(() => database.close());

	it('reads a list as communes keep it: title and merged cells above a two-row header, unaccented headers, NFD text, x-columns, +84 phones, numbers as text', async () => {
		const file = await xlsx((sheet) => {
			sheet.addRow(['UBND XÃ MỘT']);
			sheet.mergeCells('A1:D1');
			sheet.addRow([nfd('DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025')]);
			sheet.mergeCells('A2:L2');
			sheet.addRow([]);
			// Row 4–5: a group header over sub-headers; shuffled columns; headers typed without diacritics.
			sheet.addRow(['STT', 'So dien thoai', 'Ho va ten chu ho', 'Nam sinh', '', 'Phan loai', '', '', 'Thon, ban', 'So khau', 'CCCD', 'Dan toc']);
			sheet.addRow(['', '', '', 'Nam', 'Nu', 'Ho ngheo', 'Ho can ngheo', 'Ho moi thoat ngheo', '', '', '', '']);
			for (const col of ['A', 'B', 'C', 'I', 'J', 'K', 'L']) sheet.mergeCells(`${col}4:${col}5`);
			sheet.mergeCells('D4:E4');
			sheet.mergeCells('F4:H4');
			sheet.addRow(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)', '(11)', '(12)']);
			sheet.addRow(['1', '+84 912 345 678', nfd('Nguyễn Văn An'), '1970', '', 'x', '', '', nfd('Đông Sơn'), '4', '001070012345', 'Kinh']);
			sheet.addRow([]);
			sheet.addRow([2, '0987.654.321', 'LÊ THỊ BÌNH', '', 1985, '', 'X', '', 'thon tay son', 5, 12345678901, 'Tày']);
			sheet.addRow([3, '', 'Hoàng Văn Cư', '1990', '', '', '', 'x', 'BAN NA LUA', ' 3 ', '', "H'Mông"]);
			sheet.addRow(['', '', 'Tổng cộng: 3 hộ']);
			sheet.addRow([]);
			sheet.addRow(['', '', 'Người lập biểu', '', '', '', '', '', 'TM. UBND XÃ']);
			sheet.addRow(['', '', 'Trần Văn Bình']);
		});
		const before = await counts();
		const { summary } = await run(file);
		expect(summary).toEqual({ rows: 3, imported: 3, updated: 0, unchanged: 0, duplicates: 0, errors: [] });
		const an = await household('Nguyễn Văn An');
		expect(an.h).toMatchObject({ unitId: villages['HI-C1-01'], birthYear: 1970, sex: 'male', phone: '0912345678', idNumber: '001070012345', members: 4, ethnicity: 'Kinh', headNameNorm: 'nguyen van an' });
		expect(an).toMatchObject({ category: 'poor', year: 2025, lacking: [] });
		const binh = await household('Lê Thị Bình');
		expect(binh.h).toMatchObject({ unitId: villages['HI-C1-02'], birthYear: 1985, sex: 'female', phone: '0987654321', idNumber: '012345678901', members: 5 });
		expect(binh.category).toBe('near_poor');
		expect((await household('Hoàng Văn Cư')).h).toMatchObject({ unitId: villages['HI-C1-03'], members: 3, ethnicity: "H'Mông" });
		expect((await household('Hoàng Văn Cư')).category).toBe('escaped');
		const after = await counts();
		expect(after.households - before.households).toBe(3);
		// One entry for the import, naming each new household (id, row, village, category); no personal values in it.
		const entries = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'household.import'));
		expect(entries).toHaveLength(1);
		const record = entries[0].after as { file: { sha256: string }; counts: Record<string, number>; created: string };
		expect(record.file.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(record.counts).toMatchObject({ rows: 3, imported: 3, updated: 0, unchanged: 0, refused: 0 });
		expect(record.created.split('\n').map((line) => line.split(' ')).map(([id, , village, category]) => [id, village, category])).toEqual([
			[an.h.id, 'HI-C1-01', 'poor'],
			[binh.h.id, 'HI-C1-02', 'near_poor'],
			[(await household('Hoàng Văn Cư')).h.id, 'HI-C1-03', 'escaped']
		]);
		expect(entries[0]).toMatchObject({ entityType: 'household_import', context: { source: 'import' } });
		expect(JSON.stringify(entries.map((e) => e.after))).not.toMatch(/0912345678|Nguyễn/);
		expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
	});

	it('reads CSV variants: semicolons and a title line, accented headers in another order, a category column, dates of birth, lacking indicators as a list', async () => {
		const semicolons = csv(
			'DANH SÁCH HỘ NGHÈO NĂM 2025;;;;;\r\n' +
				';;;;;\r\n' +
				'Thôn;Chủ hộ;Ngày sinh;Phân loại;Chỉ số thiếu hụt;SĐT\r\n' +
				'Đông Sơn;Phạm Thị Dung;12/03/1962;Hộ nghèo;"1, 11; BHYT";84 912 000 111\r\n' +
				'Tây Sơn;Vũ Văn Em;1958-07-01;cận nghèo;Nguồn nước sinh hoạt;\r\n'
		);
		expect((await run(semicolons)).summary).toMatchObject({ rows: 2, imported: 2, errors: [] });
		const dung = await household('Phạm Thị Dung');
		expect(dung).toMatchObject({ h: { birthYear: 1962, phone: '0912000111' }, category: 'poor', lacking: ['employment', 'health_insurance', 'telecom_use'] });
		expect(await household('Vũ Văn Em')).toMatchObject({ h: { birthYear: 1958 }, category: 'near_poor', lacking: ['drinking_water'] });

		// Tab-separated UTF-16 (Excel's "Unicode text"), no category column: the title names the category.
		const tabs = Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from('DANH SÁCH HỘ CẬN NGHÈO\n\nHọ và tên\tNăm sinh\tThôn\tGiới tính\nĐinh Văn Giang\t1977\tThôn 01\tNam\n', 'utf16le')
		]);
		await buildUnit(database.db, { code: 'HI-C1-04', name: 'Thôn 1', level: 'village', parentCode: 'HI-C1' });
		expect((await run(tabs)).summary).toMatchObject({ imported: 1, errors: [] });
		expect(await household('Đinh Văn Giang')).toMatchObject({ h: { sex: 'male' }, category: 'near_poor' });
	});

	it('reports each bad row by the number the spreadsheet shows, its column and why, and imports the others', async () => {
		const file = await xlsx((sheet) => {
			sheet.addRow(['DANH SÁCH HỘ NGHÈO']);
			sheet.addRow(['Xã Một, năm 2025']);
			sheet.addRow(['Họ và tên chủ hộ', 'Năm sinh', 'Thôn', 'Phân loại', 'Số điện thoại', 'CCCD', 'Số nhân khẩu']);
			sheet.addRow(['Mai Văn Hùng', 1966, 'Đông Sơn', 'Hộ nghèo', '', '034066001122', 3]); // 4: good
			sheet.addRow(['Mai Văn Ích', 19666, 'Đông Sơn', 'Hộ nghèo']); // 5: birth year
			sheet.addRow(['Mai Văn Khang', 1970, 'Thôn Xa Lắm', 'Hộ nghèo']); // 6: village
			sheet.addRow([]);
			sheet.addRow(['Mai Văn Lâm', 1971, 'Tây Sơn', 'Hộ nghèo', '12345']); // 8: phone
			sheet.addRow(['Mai Văn Minh', 1972, 'Tây Sơn', '', '', '', 'bốn']); // 9: category and members
			sheet.addRow(['Mai Văn Nam', 1973, 'Tây Sơn', 'Hộ khá giả']); // 10: category
			sheet.addRow(['Mai Thị Oanh', 1974, 'Tây Sơn', 'Hộ nghèo', '', '034066001122']); // 11: same ID as row 4
			sheet.addRow(['', 1975, 'Tây Sơn', 'Hộ nghèo']); // 12: no name
			sheet.addRow(['Mai Văn Hùng', 1966, 'Đông Sơn', 'Hộ cận nghèo']); // 13: same household as row 4
		});
		const before = await counts();
		const { summary, rejected } = await run(file, {}, officer);
		expect(summary).toMatchObject({ rows: 9, imported: 1, updated: 0, unchanged: 0 });
		expect(summary.errors.map((e) => [e.row, e.column])).toEqual([
			[5, 'Năm sinh'],
			[6, 'Thôn'],
			[8, 'Số điện thoại'],
			[9, 'Phân loại'],
			[9, 'Số nhân khẩu'],
			[10, 'Phân loại'],
			[11, 'CCCD'],
			[12, 'Họ và tên chủ hộ'],
			[13, 'Họ và tên chủ hộ']
		]);
		const message = (row: number) => summary.errors.find((e) => e.row === row)!.message;
		expect(message(5)).toContain('19666');
		expect(message(6)).toBe('Không có thôn “Thôn Xa Lắm” trong xã');
		expect(message(11)).toBe('Số CCCD trùng với dòng 4');
		expect(message(13)).toContain('dòng 4');
		expect((await counts()).households - before.households).toBe(1);

		// The rejected rows download: the file's header, the row number, a reason column.
		const book = await rejectedRowsFile(rejected, summary.errors, 'vi');
		const table = await readTable(book.body);
		expect(table.header).toEqual(['dòng', 'họ_và_tên_chủ_hộ', 'năm_sinh', 'thôn', 'phân_loại', 'số_điện_thoại', 'cccd', 'số_nhân_khẩu', 'lý_do']);
		expect(table.rows.map((r) => r.values['dòng'])).toEqual(['5', '6', '8', '9', '10', '11', '12', '13']);
		expect(table.rows[3].values['lý_do']).toMatch(/^Phân loại: .*; Số nhân khẩu: .*bốn/);
		expect(table.rows[0].values['năm_sinh']).toBe('19666');
	});

	it('importing the same file again changes nothing; a changed cell updates only that household', async () => {
		const rows = (phone: string) =>
			`Họ tên chủ hộ,Năm sinh,Thôn,Phân loại,SĐT,Chỉ số thiếu hụt\nTrịnh Văn Phúc,1950,Đông Sơn,Hộ nghèo,${phone},Việc làm\nTrịnh Thị Quế,1955,Tây Sơn,Hộ cận nghèo,,\n`;
		expect((await run(csv(rows('0912111222')))).summary).toMatchObject({ imported: 2, updated: 0, unchanged: 0 });
		const before = await counts();
		expect((await run(csv(rows('0912111222')))).summary).toEqual({ rows: 2, imported: 0, updated: 0, unchanged: 2, duplicates: 0, errors: [] });
		const after = await counts();
		expect({ ...after, imports: 0 }).toEqual({ ...before, imports: 0 });
		expect(after.imports).toBe(before.imports + 1);

		expect((await run(csv(rows('+84912333444')))).summary).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
		expect((await household('Trịnh Văn Phúc')).h.phone).toBe('0912333444');
		const [entry] = await database.db.select().from(auditEntries).where(eq(auditEntries.action, 'household.import')).orderBy(sql`seq desc`).limit(1);
		expect((entry.after as { updated: string }).updated).toBe(`${(await household('Trịnh Văn Phúc')).h.id} 2 phone - -`);
		expect((entry.after as { classified: string }).classified).toBe('');

		// A list in capitals is the same names; a new year is a new classification.
		const caps = csv('HỌ TÊN CHỦ HỘ,NĂM SINH,THÔN,PHÂN LOẠI\nTRỊNH VĂN PHÚC,1950,ĐÔNG SƠN,HỘ CẬN NGHÈO\n');
		expect((await run(caps, { year: 2026 })).summary).toMatchObject({ updated: 1, unchanged: 0 });
		expect((await run(caps, { year: 2026 })).summary).toMatchObject({ updated: 0, unchanged: 1 });
		expect((await household('Trịnh Văn Phúc')).h.headName).toBe('Trịnh Văn Phúc');
	});

	it('matches by ID number first (moving the household to the village the list names), and flags look-alikes', async () => {
		await run(csv('Họ tên,Năm sinh,Thôn,Phân loại,CCCD\nLý Văn Sơn,1960,Đông Sơn,Hộ nghèo,036060000111\nLý Văn Tâm,1961,Đông Sơn,Hộ nghèo,036061000222\n'));
		const flagsBefore = (await counts()).flags;
		const { summary } = await run(
			csv(
				'Họ tên,Năm sinh,Thôn,Phân loại,CCCD\n' +
					'Lý Văn Sơn,1960,Tây Sơn,Hộ nghèo,036060000111\n' + // the same ID: moved to Tây Sơn
					'Lý Văn Tâm,1961,Đông Sơn,Hộ nghèo,036061000999\n' + // same name, year and village, another ID: a new household, flagged
					'Lý Thị Uyên,1962,Bản Nà Lừa,Hộ nghèo,036062000333\n' +
					'Lý Thị Uyên,1962,Bản Nà Lừa,Hộ nghèo,036062000444\n' // two look-alikes in the file: flagged once
			)
		);
		expect(summary).toMatchObject({ rows: 4, imported: 3, updated: 1, unchanged: 0, duplicates: 2, errors: [] });
		expect((await household('Lý Văn Sơn')).h.unitId).toBe(villages['HI-C1-02']);
		expect((await counts()).flags - flagsBefore).toBe(2);
		const again = await run(
			csv('Họ tên,Năm sinh,Thôn,Phân loại,CCCD\nLý Thị Uyên,1962,Bản Nà Lừa,Hộ nghèo,036062000333\nLý Thị Uyên,1962,Bản Nà Lừa,Hộ nghèo,036062000444\n')
		);
		expect(again.summary).toMatchObject({ unchanged: 2, duplicates: 0 });
	});

	it('a dry run counts what would change and stores nothing', async () => {
		const before = await counts();
		const { summary } = await run(csv('Họ tên,Năm sinh,Thôn,Phân loại\nTô Văn Vinh,1940,Đông Sơn,Hộ nghèo\nTrịnh Văn Phúc,1950,Đông Sơn,Hộ cận nghèo\n'), {
			dryRun: true
		});
		expect(summary).toMatchObject({ rows: 2, imported: 1, updated: 1, unchanged: 0, errors: [] });
		expect(await counts()).toEqual(before);
	});

	it('refuses a file that is not a household list, whole, storing nothing', async () => {
		const before = await counts();
		const budget = await xlsx((sheet) => {
			sheet.addRow(['DỰ TOÁN KINH PHÍ TRUYỀN THÔNG']);
			sheet.addRow(['STT', 'Nội dung', 'Đơn vị tính', 'Số lượng', 'Thành tiền']);
			sheet.addRow([1, 'In tờ rơi', 'tờ', 500, 1_000_000]);
		});
		expect(await failure(budget)).toMatchObject({ code: 'VALIDATION', messageKey: 'householdImport.notList' });
		expect(await failure(csv('Họ và tên,Ghi chú\nA,B\n'))).toMatchObject({ messageKey: 'householdImport.noCategory' });
		expect(await failure(Buffer.from('%PDF-1.7\n'))).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
		expect(await failure(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatchObject({ messageKey: 'file.table.legacyXls' });
		expect(await counts()).toEqual(before);
	});

	it('imports only where the actor may: not into another commune, not as a village head, into one village only its rows', async () => {
		const other = await buildActor(database.db, 'commune_officer', 'HI-C2');
		const head = await buildActor(database.db, 'village_head', 'HI-C1-01');
		const file = csv('Họ tên,Năm sinh,Thôn,Phân loại\nNgô Văn Xuân,1945,Đông Sơn,Hộ nghèo\n');
		expect(await failure(file, {}, other)).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(file, {}, head)).toMatchObject({ code: 'FORBIDDEN' });
		expect(await failure(file, { unitCode: 'HI-P' }, systemActor)).toMatchObject({ messageKey: 'householdImport.unitLevel' });

		const { summary } = await run(csv('Họ tên,Năm sinh,Thôn,Phân loại\nNgô Văn Xuân,1945,Đông Sơn,Hộ nghèo\nNgô Văn Yên,1946,Tây Sơn,Hộ nghèo\nNgô Văn Ý,1947,,Hộ nghèo\n'), {
			unitCode: 'HI-C1-01'
		});
		expect(summary).toMatchObject({ imported: 2, errors: [{ row: 3, column: 'Thôn', message: expect.stringContaining('Thôn Tây Sơn') }] });
		expect((await household('Ngô Văn Ý')).h.unitId).toBe(villages['HI-C1-01']);
	});
});
