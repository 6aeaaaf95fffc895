import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import type { AppError } from '../../errors';
import { requirePeriod } from '../../periods';
import { buildActor, buildUnit } from '../../testing/factories';
import { readZipEntry, paragraphs } from '../../documents/testing';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { units } from '../units/units.tables';
import { insertActivity } from '../indicators/indicators.testing';
import { computeIndicators } from '../indicators/indicators.engine';
import { exportReportDocx, exportReportXlsx } from './reports.export';
import { getReport } from './reports.service';
import { insertForm, insertReport } from './reports.completeness.testing';

const codes = ['bulletins_broadcast', 'dialogues_held', 'dialogue_participants', 'households_reached_poor', 'share_poor_reached', 'trainees', 'communicators_network'];

/** Rows of the DOCX's tables: each row's cell texts. */
function tableRows(xml: string): string[][] {
	return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) => [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => paragraphs(tc[0]).map((p) => p.text).join('\n')));
}

async function openSheet(body: Buffer) {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(body as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0];
	const rowByLabel = (label: string) => {
		for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(2).value === label) return r;
		throw new Error(`no row ${label}`);
	};
	const values = (r: number) => codes.map((_c, i) => sheet.getRow(r).getCell(3 + i).value as number | null);
	const texts = () => {
		const out: string[] = [];
		sheet.eachRow((row) => row.eachCell((c) => out.push(String(c.value))));
		return out;
	};
	return { sheet, rowByLabel, values, texts };
}

describe.each(testDrivers)('report exports (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let province2: Actor;
	let draftId: string, approvedId: string, villageId: string;
	const ctx = (actor: Actor) => ({ db: database.db, actor });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		province2 = await buildActor(db, 'province_officer', 'P2');
		const poor = async (villageCode: string) => (await buildHousehold(db, { villageCode, classification: { year: 2026, category: 'poor' } })).id;
		const [A, , C] = [await poor('C1-V1'), await poor('C1-V1'), await poor('C1-V2')];
		// Hand-counted Q1 2026 of Xã Một (C1), villages Thôn Một (V1) and Thôn Hai (V2).
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-01-10', status: 'done', cost: 200_000 });
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-02-10', households: [A] });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'loudspeaker', date: '2026-03-01', households: [C], cost: 150_000 });
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'dialogue', date: '2026-02-20', counts: { poor: 12 } });
		await insertActivity(db, { unitCode: 'C1', channel: 'dialogue', date: '2026-03-15', status: 'done', counts: { poor: 20, near_poor: 10 }, cost: 1_000_000 });
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'training', date: '2026-01-20', counts: { poor: 150 } });
		await insertActivity(db, { unitCode: 'C1', channel: 'training', date: '2026-02-25', status: 'done', counts: { general_public: 1200 } });
		// One commune broadcast for both villages: counted in each village and once for the commune.
		await insertActivity(db, { unitCode: 'C1', channel: 'loudspeaker', date: '2026-03-20', status: 'done', covered: ['C1-V1', 'C1-V2'] });
		// A village merged into Thôn Hai at the end of January: its broadcast shows in Thôn Hai's row.
		await buildUnit(db, { code: 'C1-V9', name: 'Thôn Chín', level: 'village', parentCode: 'C1', validTo: '2026-01-31' });
		const [v2] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'C1-V2'));
		await db.update(units).set({ successorId: v2.id }).where(eq(units.code, 'C1-V9'));
		await insertActivity(db, { unitCode: 'C1-V9', channel: 'loudspeaker', date: '2026-01-15' });
		// Not counted: planned, another commune, another quarter.
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-02-11', status: 'planned', cost: 999 });
		await insertActivity(db, { unitCode: 'C2-V1', channel: 'loudspeaker', date: '2026-02-11' });
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'loudspeaker', date: '2026-04-02' });

		await insertForm(db, { code: 'xa-quy', level: 'commune', periodType: 'quarter', dueDays: 10, indicatorCodes: codes });
		await insertForm(db, { code: 'thon-quy', level: 'village', periodType: 'quarter', dueDays: 5, indicatorCodes: codes });
		draftId = await insertReport(db, {
			form: 'xa-quy',
			unitCode: 'C1',
			period: '2026Q1',
			status: 'submitted',
			dueOn: '2026-04-10',
			submittedAt: '2026-04-08T03:00:00Z',
			manualFigures: { communicators_network: 25 },
			missingNote: 'Thôn Hai chưa gửi báo cáo tháng 3',
			narrative: {
				results: 'Các thôn duy trì loa truyền thanh hằng tuần.\n- Xã tổ chức một buổi đối thoại về vay vốn.',
				shortcomings: 'Một số hộ ở xa chưa nghe được loa.',
				causes: '',
				proposals: 'Đề nghị tỉnh hỗ trợ thêm cụm loa cho thôn Hai.'
			}
		});
		villageId = await insertReport(db, { form: 'thon-quy', unitCode: 'C1-V1', period: '2026Q1', status: 'draft', dueOn: '2026-04-05' });
	});
	afterAll(() => database.close());

	it('DOCX: the BC-UBND frame, the hand-counted figures and the narrative sections', async () => {
		const file = await exportReportDocx(ctx(w.officer1), draftId);
		expect(file.filename).toBe('bao-cao-C1-2026Q1.docx');
		const xml = readZipEntry(new Uint8Array(file.body), 'word/document.xml');
		const texts = paragraphs(xml).map((p) => p.text);
		for (const line of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', 'XÃ MỘT', 'BÁO CÁO', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'])
			expect(texts).toContain(line);
		expect(texts.find((t) => t.startsWith('Số:'))).toMatch(/^Số: .*\/BC-UBND$/);
		expect(texts.find((t) => t.startsWith('Một,'))).toBe('Một, ngày 08 tháng 4 năm 2026');
		expect(texts).toContain('Kết quả công tác truyền thông về giảm nghèo quý 1/2026');
		const headings = ['I. KẾT QUẢ THỰC HIỆN', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', '1. Tồn tại, hạn chế', '2. Nguyên nhân', 'III. ĐỀ XUẤT, KIẾN NGHỊ'];
		const at = headings.map((h) => texts.indexOf(h));
		expect(at.every((i) => i > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		expect(texts).toContain('Các thôn duy trì loa truyền thanh hằng tuần.');
		expect(texts).toContain('- Xã tổ chức một buổi đối thoại về vay vốn.');
		expect(texts[texts.indexOf('2. Nguyên nhân') + 1]).toBe('Không có.');
		expect(texts).toContain('Báo cáo của các đơn vị còn thiếu: Thôn Hai chưa gửi báo cáo tháng 3');
		expect(texts.some((t) => t.includes('UBND tỉnh Một (để b/c)'))).toBe(true);
		const rows = tableRows(xml).filter((r) => r.length === 4);
		expect(rows[0]).toEqual(['TT', 'Chỉ tiêu', 'Đơn vị tính', 'Kết quả']);
		expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
			['1', '5'],
			['2', '2'],
			['3', '42'],
			['4', '2'],
			['5', '66,7'],
			['6', '1.350'],
			['7', '25']
		]);
		expect(rows[1][1]).toBe('Số bản tin phát trên loa truyền thanh');
		expect(rows[6][2]).toBe('lượt người');
	});

	it('XLSX: the villages as rows, hand-counted, and the total equals the rows for counts', async () => {
		const file = await exportReportXlsx(ctx(w.officer1), draftId, 'vi');
		expect(file.filename).toBe('bieu-so-lieu-C1-2026Q1.xlsx');
		const { sheet, rowByLabel, values, texts } = await openSheet(file.body);
		expect(sheet.getCell(1, 1).value).toBe('BIỂU TỔNG HỢP KẾT QUẢ CÔNG TÁC TRUYỀN THÔNG VỀ GIẢM NGHÈO');
		expect(String(sheet.getCell(2, 1).value)).toContain('10/2022/TT-BLĐTBXH');
		expect(sheet.getCell(3, 1).value).toBe('Đơn vị báo cáo: Xã Một');
		expect(sheet.getCell(4, 1).value).toBe('Kỳ báo cáo: Quý 1/2026');
		expect(sheet.getCell(7, 3).value).toBe('1. Số bản tin phát trên loa truyền thanh');
		expect(sheet.getCell(7, 7).value).toBe('5. Tỷ lệ hộ nghèo được tiếp cận thông tin (*)');
		expect(sheet.getCell(8, 8).value).toBe('lượt người');
		const v1 = values(rowByLabel('Thôn Một'));
		const v2 = values(rowByLabel('Thôn Hai'));
		const own = values(rowByLabel('Xã Một (thực hiện chung, không tính riêng cho đơn vị trực thuộc)'));
		const total = values(rowByLabel('Tổng cộng Xã Một'));
		expect(() => rowByLabel('Thôn Chín')).toThrow();
		expect(v1).toEqual([3, 0, 0, 1, 50, 150, null]);
		expect(v2).toEqual([3, 1, 12, 1, 100, 0, null]);
		expect(total).toEqual([5, 2, 42, 2, 66.7, 1350, 25]);
		// The commune's broadcast for both villages is in each village's row: its own row is −1.
		expect(own).toEqual([-1, 1, 30, 0, null, 1200, null]);
		// Additive columns reconcile; shares and entered figures are marked and explained.
		for (const i of [0, 1, 2, 3, 5]) expect(v1[i]! + v2[i]! + own[i]!).toBe(total[i]);
		const all = texts();
		expect(all.some((t) => t.includes('không cộng dồn'))).toBe(true);
		expect(all.some((t) => t.includes('loại trùng'))).toBe(true);
		expect(all.some((t) => t.includes('tính trực tiếp'))).toBe(true);
	});

	it('XLSX in English for an English reader', async () => {
		const { sheet } = await openSheet((await exportReportXlsx(ctx(w.officer1), draftId, 'en')).body);
		expect(sheet.getCell(3, 1).value).toBe('Reporting unit: Xã Một');
		expect(sheet.getCell(7, 3).value).toBe('1. Bulletins broadcast on loudspeakers');
	});

	it('an approved report exports its frozen figures: data changed afterwards does not change the export', async () => {
		const db = database.db;
		const q1 = requirePeriod('2026Q1');
		const c1Path = (await db.select({ path: units.path }).from(units).where(eq(units.code, 'C1')))[0].path;
		const frozen = (await computeIndicators(db, { unitPath: c1Path }, q1, codes)).map((f) => (f.code === 'communicators_network' ? { ...f, value: 25, status: 'manual' } : f));
		approvedId = await insertReport(db, {
			form: 'xa-quy',
			unitCode: 'C1',
			period: '2026Q2',
			status: 'approved',
			dueOn: '2026-07-10',
			submittedAt: '2026-07-01T03:00:00Z',
			approvedAt: '2026-07-02T03:00:00Z',
			figures: frozen.map((f) => ({ code: f.code, value: f.value, status: f.status })),
			manualFigures: { communicators_network: 25 }
		});
		// Thôn Một's own Q2 report is approved too: its row keeps the figures frozen in it.
		const v1Path = (await db.select({ path: units.path }).from(units).where(eq(units.code, 'C1-V1')))[0].path;
		const v1Frozen = await computeIndicators(db, { unitPath: v1Path }, q1, codes);
		await insertReport(db, {
			form: 'thon-quy',
			unitCode: 'C1-V1',
			period: '2026Q2',
			status: 'approved',
			dueOn: '2026-07-05',
			approvedAt: '2026-07-01T03:00:00Z',
			figures: v1Frozen.map((f) => ({ code: f.code, value: f.value, status: f.status }))
		});
		const before = await exportReportDocx(ctx(w.province1), approvedId);
		const beforeSheet = await openSheet((await exportReportXlsx(ctx(w.province1), approvedId, 'vi')).body);
		const beforeTotal = beforeSheet.values(beforeSheet.rowByLabel('Tổng cộng Xã Một'));
		expect(beforeTotal).toEqual([5, 2, 42, 2, 66.7, 1350, 25]);
		await insertActivity(db, { unitCode: 'C1-V1', channel: 'dialogue', date: '2026-05-05', counts: { poor: 9 }, cost: 70_000 });
		const after = await exportReportDocx(ctx(w.province1), approvedId);
		const rowsOf = (b: Buffer) => tableRows(readZipEntry(new Uint8Array(b), 'word/document.xml'));
		expect(rowsOf(after.body)).toEqual(rowsOf(before.body));
		const afterSheet = await openSheet((await exportReportXlsx(ctx(w.province1), approvedId, 'vi')).body);
		expect(afterSheet.values(afterSheet.rowByLabel('Tổng cộng Xã Một'))).toEqual(beforeTotal);
		expect(afterSheet.values(afterSheet.rowByLabel('Thôn Một'))).toEqual([3, 0, 0, 1, 50, 150, null]);
		expect(afterSheet.values(afterSheet.rowByLabel('Thôn Một'))).toEqual(beforeSheet.values(beforeSheet.rowByLabel('Thôn Một')));
		expect(afterSheet.texts().some((t) => t.includes('số liệu đã chốt'))).toBe(true);
		// The draft of Q2 would have moved: the engine sees the new dialogue.
		const live = await computeIndicators(db, { unitPath: c1Path }, requirePeriod('2026Q2'), ['dialogues_held']);
		expect(live[0].value).toBe(1);
	});

	it('a village head exports the village report (village header), not the commune report', async () => {
		const file = await exportReportDocx(ctx(w.head11), villageId);
		const texts = paragraphs(readZipEntry(new Uint8Array(file.body), 'word/document.xml')).map((p) => p.text);
		expect(texts).toContain('UBND XÃ MỘT');
		expect(texts).toContain('THÔN MỘT');
		expect(texts.find((t) => t.startsWith('Số:'))).toMatch(/\/BC$/);
		expect(texts).toContain('TRƯỞNG THÔN');
	});

	it('a reader without households.counts (the commune finance officer) gets no household reach: the page and both files say it is not shown', async () => {
		const finance = await buildActor(database.db, 'finance_officer', 'C1');
		const reach = ['households_reached_poor', 'share_poor_reached'];
		// The report page's figures: reach has no value and says why; the rest is shown.
		const view = await getReport(ctx(finance), draftId);
		for (const f of view.figures.filter((x) => reach.includes(x.code))) expect(f).toMatchObject({ value: null, status: 'not_permitted', records: null });
		expect(view.figures.find((f) => f.code === 'bulletins_broadcast')!.value).toBe(5);
		// The officer of the same commune still sees them.
		expect((await getReport(ctx(w.officer1), draftId)).figures.find((f) => f.code === 'households_reached_poor')!.value).toBe(2);

		const xml = readZipEntry(new Uint8Array((await exportReportDocx(ctx(finance), draftId)).body), 'word/document.xml');
		const rows = tableRows(xml).filter((r) => r.length === 4);
		expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
			['1', '5'],
			['2', '2'],
			['3', '42'],
			['4', 'Không hiển thị (không có quyền xem số hộ)'],
			['5', 'Không hiển thị (không có quyền xem số hộ)'],
			['6', '1.350'],
			['7', '25']
		]);

		for (const locale of ['vi', 'en'] as const) {
			const { sheet, rowByLabel, texts } = await openSheet((await exportReportXlsx(ctx(finance), draftId, locale)).body);
			const notShown = locale === 'vi' ? 'Không hiển thị' : 'Not shown';
			const total = rowByLabel(locale === 'vi' ? 'Tổng cộng Xã Một' : 'Total Xã Một');
			for (const r of [rowByLabel('Thôn Một'), rowByLabel('Thôn Hai'), total]) {
				// Columns 4 and 5 (households reached, share reached) carry the words, never a figure.
				expect([sheet.getRow(r).getCell(6).value, sheet.getRow(r).getCell(7).value]).toEqual([notShown, notShown]);
			}
			expect(sheet.getRow(total).getCell(3).value).toBe(5);
			const all = texts();
			expect(all.some((t) => t.includes(locale === 'vi' ? 'không có quyền xem số hộ' : 'may not see household counts'))).toBe(true);
			// The deduplication note speaks of figures the sheet no longer has.
			expect(all.some((t) => t.includes(locale === 'vi' ? 'loại trùng' : 'deduplicated'))).toBe(false);
		}
	});

	it('out of reach is not found: another commune, the other province, a village head for the commune; bad ids too', async () => {
		const code = (p: Promise<unknown>) => p.then(() => 'allowed', (e: AppError) => `${e.code} ${e.messageKey}`);
		expect(await code(exportReportDocx(ctx(w.officer2), draftId))).toBe('NOT_FOUND reports.export.notFound');
		expect(await code(exportReportXlsx(ctx(w.officer2), draftId, 'vi'))).toBe('NOT_FOUND reports.export.notFound');
		expect(await code(exportReportDocx(ctx(province2), draftId))).toBe('NOT_FOUND reports.export.notFound');
		expect(await code(exportReportDocx(ctx(w.head11), draftId))).toBe('NOT_FOUND reports.export.notFound');
		expect(await code(exportReportDocx(ctx(w.province1), draftId))).toBe('allowed');
		expect(await code(exportReportDocx(ctx(w.officer1), 'not-an-id'))).toBe('NOT_FOUND reports.export.notFound');
		expect(await code(exportReportXlsx(ctx(w.officer1), randomUUID(), 'vi'))).toBe('NOT_FOUND reports.export.notFound');
	});
});
