import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import { auditEntries } from '../../audit/audit.tables';
import { storedFiles } from '../../files/files.tables';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { spendingLines } from './budget.tables';
import { periodLocks } from '../reports/reports.tables';
import { units } from '../units/units.tables';
import {
	addReceipts,
	closeBudgetYear,
	correctSpending,
	createAllocation,
	deleteAllocation,
	findAllocations,
	findSpending,
	getBudgetOverview,
	getSpending,
	recordSpending,
	reviewSpending
} from './budget.service';
import { parseDong } from './budget.schemas';
import { allocation, buildBudgetWorld, pdfReceipt, spending, when } from './budget.testing';

describe('parseDong', () => {
	it('reads đồng typed the Vietnamese way and refuses anything that is not a whole positive amount', () => {
		expect(parseDong('1.500.000')).toBe(1_500_000);
		expect(parseDong('1 500 000')).toBe(1_500_000);
		expect(parseDong('1500000')).toBe(1_500_000);
		expect(parseDong(' 2.000 đ')).toBe(2_000);
		expect(parseDong(750_000)).toBe(750_000);
		for (const bad of ['-1.000', '1,5', '1.5', '1.5e6', '1e6', '12abc', '', '0', '1.50.000', '１２３', 'NaN', 1.5, -3, 0, Number.NaN, null, undefined, '99999999999999999999'])
			expect(parseDong(bad), String(bad)).toBeNull();
	});
});

describe.each(testDrivers)('budget: allocations, spending, review, scope (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildBudgetWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildBudgetWorld(database.db);
		await createAllocation(ctx(w.officer1), allocation('C1'));
		await createAllocation(ctx(w.officer2), allocation('C2', { amount: 5_000_000 }));
	});
	afterAll(() => database.close());

	it('records an allocation with its decision; refuses bad amounts, no source, a village, another commune', async () => {
		const a = await createAllocation(ctx(w.officer1), allocation('C1', { source: 'central_programme', amount: '20 000 000', decisionNumber: '831/QĐ-UBND', decisionDate: '2026-02-08', decisionIssuer: 'UBND tỉnh Một' }));
		expect(a).toMatchObject({ unit: { code: 'C1' }, amount: 20_000_000, decision: { number: '831/QĐ-UBND', date: '2026-02-08', issuer: 'UBND tỉnh Một' } });
		for (const amount of [-5_000, '1.5e6', '2,5', 'mười triệu', 0, 1000.5])
			await expect(createAllocation(ctx(w.officer1), allocation('C1', { amount }))).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ message: 'budget.amountFormat' })]) });
		await expect(createAllocation(ctx(w.officer1), allocation('C1', { source: '' }))).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ message: 'budget.sourceRequired' })]) });
		await expect(createAllocation(ctx(w.officer1), allocation('C1', { source: 'lottery' }))).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'budget.sourceUnknown' });
		await expect(createAllocation(ctx(w.officer1), allocation('C1-V1'))).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'budget.notHolder' });
		await expect(createAllocation(ctx(w.officer2), allocation('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createAllocation(ctx(w.head11), allocation('C1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createAllocation(ctx(w.officer1), allocation('C1', { decisionNumber: ' ' }))).rejects.toMatchObject({ name: 'ZodError' });

		const mine = await findAllocations(ctx(w.finance1), {});
		expect(mine.items.every((x) => x.unit.code === 'C1')).toBe(true);
		expect(mine.items.map((x) => x.amount).sort()).toEqual([10_000_000, 20_000_000]);
		const theirs = await findAllocations(ctx(w.finance2), {});
		expect(theirs.items.map((x) => x.unit.code)).toEqual(['C2']);
		await expect(findAllocations(ctx(w.head11), {})).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'budget.noAccess' });
		await expect(findAllocations(ctx(w.finance2), { unit: 'C1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await findAllocations(ctx(w.province1), {})).items.map((x) => x.unit.code)).toEqual(['C1', 'C1']);
		await deleteAllocation(ctx(w.officer1), a.id);
	});

	it('records spending on a village activity against the commune, with its receipt, and shows it only in scope', async () => {
		const { line, created } = await recordSpending(ctx(w.officer1), spending(w.meeting11, { amount: '1.200.000' }), { receipts: [pdfReceipt()] });
		expect(created).toBe(true);
		expect(line).toMatchObject({ unit: { code: 'C1' }, activity: { id: w.meeting11 }, amount: 1_200_000, status: 'recorded', receipts: [expect.objectContaining({ mime: 'application/pdf' })] });
		await expect(getSpending(ctx(w.finance2), line.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getSpending(ctx(w.head11), line.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await findSpending(ctx(w.finance2), {})).items).toEqual([]);
		await expect(findSpending(ctx(w.head11), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await findSpending(ctx(w.finance1), { activity: w.meeting11 })).items.map((l) => l.id)).toEqual([line.id]);
		// Nobody records spending on another commune's activity, nor a village head on their own.
		await expect(recordSpending(ctx(w.officer2), spending(w.meeting11))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(recordSpending(ctx(w.head11), spending(w.meeting11))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(recordSpending(ctx(w.province1), spending(w.conference1))).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('refuses bad spending with nothing stored: amounts, no source, future dates, receipts that are not documents', async () => {
		const before = await database.db.select().from(spendingLines);
		const files = await database.db.select().from(storedFiles);
		for (const amount of [-1, 0, 2.5, '1.5e6', '3,5', 'abc', null])
			await expect(recordSpending(ctx(w.officer1), spending(w.conference1, { amount }))).rejects.toMatchObject({ name: 'ZodError' });
		await expect(recordSpending(ctx(w.officer1), spending(w.conference1, { source: undefined }))).rejects.toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ message: 'budget.sourceRequired' })]) });
		await expect(recordSpending(ctx(w.officer1), spending(w.conference1, { spentOn: '2026-07-01' }))).rejects.toMatchObject({ messageKey: 'budget.spentInFuture' });
		await expect(recordSpending(ctx(w.officer1), spending(w.conference1, { spentOn: '2026-02-30' }))).rejects.toMatchObject({ name: 'ZodError' });
		await expect(recordSpending(ctx(w.officer1), spending(randomUUID()))).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const text = { bytes: new TextEncoder().encode('Biên nhận viết tay, không phải tệp chứng từ'), name: 'bien-nhan.pdf' };
		await expect(recordSpending(ctx(w.officer1), spending(w.conference1), { receipts: [text] })).rejects.toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
		expect(await database.db.select().from(spendingLines)).toHaveLength(before.length);
		expect(await database.db.select().from(storedFiles)).toHaveLength(files.length);
	});

	it('stores a repeated write once by its id; other content under the same id is a conflict', async () => {
		const id = randomUUID();
		const input = spending(w.conference1, { amount: 300_000 });
		const first = await recordSpending(ctx(w.officer1), input, { id });
		const again = await recordSpending(ctx(w.officer1), input, { id });
		expect(again.created).toBe(false);
		expect(again.line.id).toBe(first.line.id);
		await expect(recordSpending(ctx(w.officer1), { ...input, amount: 400_000 }, { id })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'budget.idConflict' });
		expect(await database.db.select().from(spendingLines).where(eq(spendingLines.id, id))).toHaveLength(1);
	});

	it('warns and refuses an overspend; the finance officer overrides it with a reason, recorded in the audit trail', async () => {
		const overview = await getBudgetOverview(ctx(w.finance2), 'C2', 2026);
		const local = overview.sources.find((s) => s.source === 'local_budget')!;
		expect(local.allocated).toBe(5_000_000);
		const left = local.available;
		await recordSpending(ctx(w.officer2), spending(w.conference2, { amount: left - 100_000 }));
		await expect(recordSpending(ctx(w.officer2), spending(w.conference2, { amount: 200_000 }))).rejects.toMatchObject({
			code: 'CONFLICT',
			messageKey: 'budget.overspend',
			params: expect.objectContaining({ over: (100_000).toLocaleString('vi-VN') })
		});
		// An officer cannot override; the finance officer must give a reason.
		await expect(recordSpending(ctx(w.officer2), spending(w.conference2, { amount: 200_000, override: { reason: 'Cần gấp' } }))).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'budget.overrideForbidden' });
		await expect(recordSpending(ctx(w.finance2), spending(w.conference2, { amount: 200_000, override: { reason: '' } }))).rejects.toMatchObject({ name: 'ZodError' });
		const { line } = await recordSpending(ctx(w.finance2), spending(w.conference2, { amount: 200_000, override: { reason: 'Chờ bổ sung dự toán theo tờ trình số 12' } }));
		expect(line.override).toEqual({ reason: 'Chờ bổ sung dự toán theo tờ trình số 12' });
		const [entry] = await database.db.select().from(auditEntries).where(and(eq(auditEntries.action, 'budget.spending.override'), eq(auditEntries.entityId, line.id)));
		expect(entry.after).toMatchObject({ override: true, overrideReason: 'Chờ bổ sung dự toán theo tờ trình số 12', amount: 200_000 });
		const after = await getBudgetOverview(ctx(w.finance2), 'C2', 2026);
		expect(after.sources.find((s) => s.source === 'local_budget')!.available).toBe(-100_000);
	});

	it('counts commitment: cost lines of the year’s activities not yet covered by spending on them', async () => {
		const planned = await w.activity(w.officer1, 'C1', { status: 'planned', date: '2026-09-10', cost: 2_500_000, costs: [{ source: 'legal_dissemination', amount: 2_500_000 }] });
		await createAllocation(ctx(w.officer1), allocation('C1', { source: 'legal_dissemination', amount: 3_000_000 }));
		const f = async () => (await getBudgetOverview(ctx(w.finance1), 'C1', 2026)).sources.find((s) => s.source === 'legal_dissemination')!;
		expect(await f()).toMatchObject({ allocated: 3_000_000, committed: 2_500_000, pending: 0, approved: 0, available: 500_000 });
		await recordSpending(ctx(w.officer1), spending(planned, { source: 'legal_dissemination', amount: 1_000_000 }));
		expect(await f()).toMatchObject({ committed: 1_500_000, pending: 1_000_000, available: 500_000 });
		// Another activity may take only what commitment leaves.
		await expect(recordSpending(ctx(w.officer1), spending(w.conference1, { source: 'legal_dissemination', amount: 600_000 }))).rejects.toMatchObject({ messageKey: 'budget.overspend' });
		await recordSpending(ctx(w.officer1), spending(w.conference1, { source: 'legal_dissemination', amount: 500_000 }));
		expect((await f()).available).toBe(0);
	});

	it('review: approve, or send back with a note; a sent-back line is corrected and recorded again; approved lines stay', async () => {
		const { line } = await recordSpending(ctx(w.officer1), spending(w.conference1, { amount: 450_000, payee: 'Nhà in Hoàng Long' }));
		await expect(reviewSpending(ctx(w.officer1), line.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(reviewSpending(ctx(w.finance2), line.id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(reviewSpending(ctx(w.finance1), line.id, { decision: 'correction' })).rejects.toMatchObject({ name: 'ZodError' });
		const back = await reviewSpending(ctx(w.finance1), line.id, { decision: 'correction', note: 'Thiếu hóa đơn đỏ' });
		expect(back).toMatchObject({ status: 'correction_requested', review: { note: 'Thiếu hóa đơn đỏ' } });
		await expect(reviewSpending(ctx(w.finance1), line.id, { decision: 'approve' })).rejects.toMatchObject({ messageKey: 'budget.notWaiting' });
		await addReceipts(ctx(w.officer1), line.id, [pdfReceipt('Hoa don do')]);
		const fixed = await correctSpending(ctx(w.officer1), line.id, spending(w.conference1, { amount: 440_000, payee: 'Nhà in Hoàng Long' }));
		expect(fixed).toMatchObject({ status: 'recorded', amount: 440_000, receipts: [expect.objectContaining({ name: 'Hoa don do.pdf' })] });
		const ok = await reviewSpending(ctx(w.chair1), line.id, { decision: 'approve' });
		expect(ok.status).toBe('approved');
		await expect(correctSpending(ctx(w.officer1), line.id, spending(w.conference1, { amount: 1 }))).rejects.toMatchObject({ messageKey: 'budget.approvedLocked' });
		await expect(addReceipts(ctx(w.officer1), line.id, [pdfReceipt()])).rejects.toMatchObject({ messageKey: 'budget.approvedLocked' });
	});

	it('refuses spending dated in a period an approved report locked, and accepts it once the lock is lifted', async () => {
		const [c1] = await database.db.select({ id: units.id }).from(units).where(eq(units.code, 'C1'));
		const [lock] = await database.db.insert(periodLocks).values({ unitId: c1.id, periodKey: '2026Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' }).returning();
		await expect(recordSpending(ctx(w.officer1), spending(w.meeting11, { amount: 10_000, spentOn: '2026-02-02' }))).rejects.toMatchObject({ code: 'LOCKED' });
		await database.db.update(periodLocks).set({ unlockedAt: new Date(), unlockReason: 'Sửa số liệu' }).where(eq(periodLocks.id, lock.id));
		const { line } = await recordSpending(ctx(w.officer1), spending(w.meeting11, { amount: 10_000, spentOn: '2026-02-02' }));
		expect(line.spentOn).toBe('2026-02-02');
	});

	it('closing the year waits for every line to be reviewed, then refuses anything dated in it', async () => {
		await expect(closeBudgetYear(ctx(w.officer2), 'C2', 2026)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(closeBudgetYear(ctx(w.finance2), 'C2', 2026)).rejects.toMatchObject({ messageKey: 'budget.closeWaiting' });
		for (const l of (await findSpending(ctx(w.finance2), { unit: 'C2', status: 'recorded' })).items) await reviewSpending(ctx(w.finance2), l.id, { decision: 'approve' });
		await closeBudgetYear(ctx(w.finance2), 'C2', 2026);
		await expect(recordSpending(ctx(w.finance2), spending(w.conference2, { amount: 1_000, override: { reason: 'x' } }))).rejects.toMatchObject({ code: 'LOCKED', messageKey: 'budget.yearClosed' });
		await expect(createAllocation(ctx(w.officer2), allocation('C2', { amount: 1_000 }))).rejects.toMatchObject({ code: 'LOCKED' });
		// 2025 of the same commune is not closed.
		await createAllocation(ctx(w.officer2), allocation('C2', { year: 2025, decisionDate: '2025-01-15' }));
		expect((await getBudgetOverview(ctx(w.finance2), 'C2', 2026)).closed).toBe(true);
	});
});
