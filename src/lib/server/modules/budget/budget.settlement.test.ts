import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { buildActor, buildUnit } from '../../testing/factories';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { rowsOf } from '../activities/activities.reach';
import { createAllocation, recordSpending, reviewSpending } from './budget.service';
import { getSettlement } from './budget.settlement';
import { renderSettlementDocx, renderSettlementXlsx } from './budget.settlement.export';
import { allocation, buildBudgetWorld, pdfReceipt, spending, when } from './budget.testing';


/** Cells of a sheet as plain values, row by row (1-based like Excel, row 0 unused). */
async function sheets(buf: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buf as unknown as ArrayBuffer);
	return wb.worksheets.map((ws) => {
		const rows: unknown[][] = [];
		ws.eachRow({ includeEmpty: true }, (row, n) => (rows[n] = (row.values as unknown[]).slice(1)));
		return { name: ws.name, rows: rows.filter(Boolean) };
	});
}

describe.each(testDrivers)('budget settlement: exports reconcile to the đồng (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildBudgetWorld>>;
	let officer3: Actor;
	let finance3: Actor;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildBudgetWorld(database.db);
		await buildUnit(database.db, { code: 'C3', name: 'Xã Ba', level: 'commune', parentCode: 'P1' });
		officer3 = await buildActor(database.db, 'commune_officer', 'C3');
		finance3 = await buildActor(database.db, 'finance_officer', 'C3');
		const c3Activity = await w.activity(officer3, 'C3', { title: '=HYPERLINK("x") họp xã Ba', channel: 'conference' });
		await createAllocation(ctx(w.officer1), allocation('C1', { amount: '30.000.000', decisionNumber: '831/QĐ-UBND', decisionDate: '2026-01-08', decisionIssuer: 'UBND tỉnh Một' }));
		await createAllocation(ctx(w.officer1), allocation('C1', { source: 'central_programme', amount: 12_345_678 }));
		await createAllocation(ctx(officer3), allocation('C3', { amount: 7_000_001 }));
		const amounts = [1_234_567, 2_000_003, 999_999, 45_001, 3_333_333];
		const ids: string[] = [];
		for (const [i, amount] of amounts.entries()) {
			const { line } = await recordSpending(ctx(w.officer1), spending(i % 2 ? w.meeting11 : w.conference1, { amount, source: i === 4 ? 'central_programme' : 'local_budget', spentOn: `2026-0${i + 1}-15` }), { receipts: i === 0 ? [pdfReceipt()] : [] });
			ids.push(line.id);
		}
		for (const id of ids.slice(0, 4)) await reviewSpending(ctx(w.finance1), id, { decision: 'approve' });
		await reviewSpending(ctx(w.finance1), ids[4], { decision: 'approve' });
		// One line left waiting: not in the settlement.
		await recordSpending(ctx(w.officer1), spending(w.conference1, { amount: 77_777 }));
		const c3 = await recordSpending(ctx(officer3), spending(c3Activity, { amount: 6_500_000, payee: '+Nhà hàng' }));
		await reviewSpending(ctx(finance3), c3.line.id, { decision: 'approve' });
	});
	afterAll(() => database.close());

	const sqlSum = async (code: string) =>
		Number(
			(
				await rowsOf<{ s: string }>(
					database.db,
					sql`SELECT COALESCE(SUM(l.amount), 0) AS s FROM spending_lines l JOIN units u ON u.id = l.budget_unit_id
					WHERE l.status = 'approved' AND l.year = 2026 AND u.path LIKE (SELECT path FROM units WHERE code = ${code}) || '%'`
				)
			)[0].s
		);

	it('a commune: figures by source, the XLSX summary and every subtotal add up to the lines beneath', async () => {
		const s = await getSettlement(ctx(w.finance1), 'C1', 2026);
		expect(s.holders.map((h) => h.code)).toEqual(['C1']);
		expect(s.total.settled).toBe(1_234_567 + 2_000_003 + 999_999 + 45_001 + 3_333_333);
		expect(s.total.settled).toBe(await sqlSum('C1'));
		expect(s.total.bySource.local_budget).toEqual({ allocated: 30_000_000, settled: 4_279_570, pending: 77_777 });
		expect(s.pendingCount).toBe(1);
		const [summary, detail] = await sheets(await renderSettlementXlsx(s));
		const holderRow = summary.rows.find((r) => r[1] === 'C1')!;
		const totalRow = summary.rows.at(-1)!;
		const n = s.sources.length;
		expect(holderRow.slice(3 + 2 * n)).toEqual([s.total.allocated, s.total.settled, s.total.allocated - s.total.settled]);
		expect(totalRow.slice(3)).toEqual(holderRow.slice(3));
		// Settled by source in the summary = sum of that source's lines.
		const lineRows = detail.rows.filter((r) => typeof r[0] === 'number');
		expect(lineRows).toHaveLength(5);
		s.sources.forEach((src, i) => {
			const fromLines = lineRows.filter((r) => r[2] === src.nameVi).reduce((a, r) => a + (r[8] as number), 0);
			expect(holderRow[3 + 2 * i + 1], src.code).toBe(fromLines);
		});
		// Each subtotal equals the lines since the previous subtotal of its kind.
		let sinceSource = 0;
		let sinceUnit = 0;
		for (const r of detail.rows.slice(2)) {
			if (typeof r[0] === 'number') {
				sinceSource += r[8] as number;
				sinceUnit += r[8] as number;
			} else if (String(r[1]).startsWith('Cộng nguồn')) {
				expect(r[8]).toBe(sinceSource);
				sinceSource = 0;
			} else if (String(r[1]).startsWith('Cộng')) {
				expect(r[8]).toBe(sinceUnit);
				sinceUnit = 0;
			} else expect(r[8]).toBe(s.total.settled);
		}
		expect(lineRows.find((r) => r[9] === 1)).toBeTruthy();
	});

	it('a province: one row per commune, the total row is their sum, lines of every commune; text is never a formula', async () => {
		const s = await getSettlement(ctx(w.province1), 'P1', 2026);
		expect(s.holders.map((h) => h.code)).toEqual(['P1', 'C1', 'C3']);
		expect(s.total.settled).toBe(await sqlSum('P1'));
		const [summary, detail] = await sheets(await renderSettlementXlsx(s));
		const unitRows = summary.rows.filter((r) => typeof r[0] === 'number');
		expect(unitRows.map((r) => r[1])).toEqual(['P1', 'C1', 'C3']);
		const totalRow = summary.rows.at(-1)!;
		for (let c = 3; c < totalRow.length; c++) expect(totalRow[c]).toBe(unitRows.reduce((a, r) => a + (r[c] as number), 0));
		const lines = detail.rows.filter((r) => typeof r[0] === 'number');
		expect(lines.reduce((a, r) => a + (r[8] as number), 0)).toBe(s.total.settled);
		expect(detail.rows.at(-1)![8]).toBe(s.total.settled);
		const c3 = lines.find((r) => r[1] === 'Xã Ba')!;
		expect(c3[4]).toBe('\'=HYPERLINK("x") họp xã Ba');
		expect(c3[6]).toBe("'+Nhà hàng");
	});

	it('the DOCX cover carries the title, the decisions and the totals of the XLSX', async () => {
		const s = await getSettlement(ctx(w.finance1), 'C1', 2026);
		const zip = await JSZip.loadAsync(await renderSettlementDocx(s, 'Tỉnh Một'));
		const xml = await zip.file('word/document.xml')!.async('string');
		const text = xml.replace(/<[^>]+>/g, '');
		expect(text).toContain('BÁO CÁO');
		expect(text).toContain('truyền thông giảm nghèo năm 2026');
		expect(text).toContain('831/QĐ-UBND ngày 08/01/2026 của UBND tỉnh Một');
		expect(text).toContain(s.total.settled.toLocaleString('vi-VN'));
		expect(text).toContain(s.total.allocated.toLocaleString('vi-VN'));
	});

	it('only those who read the money of a unit get its settlement', async () => {
		await expect(getSettlement(ctx(w.finance2), 'C1', 2026)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getSettlement(ctx(w.head11), 'C1', 2026)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getSettlement(ctx(w.finance1), 'P1', 2026)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getSettlement(ctx(w.finance1), 'C1-V1', 2026)).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'budget.notHolder' });
		await expect(getSettlement(ctx(w.finance1), 'NOPE', 2026)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
