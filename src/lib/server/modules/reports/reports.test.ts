import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull, like } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { auditEntries } from '../../audit/audit.tables';
import { verifyAuditChain } from '../../audit/audit.service';
import { saveActivity, verifyActivity } from '../activities/activities.service';
import { activityFields, buildActivityWorld } from '../activities/activities.testing';
import { findReports, getFigureRecords, getReport, openReport } from './reports.service';
import { acceptReport, approveReport, returnReport, saveReport, submitReport, unlockReport } from './reports.workflow';
import { periodLocks } from './reports.tables';

const when = () => new Date('2026-07-02T03:00:00Z');

describe.each(testDrivers)('reports: forms, scope, workflow, locks (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildActivityWorld>>;
	const ctx = (actor: Actor) => ({ db: database.db, actor, now: when });
	const act = (actor: Actor, id: string, fields: ReturnType<typeof activityFields>) => saveActivity(ctx(actor), id, fields, 'web');
	const open = (actor: Actor, form: string, unit: string, period: string) => openReport(ctx(actor), { form, unit, period });
	const figure = async (actor: Actor, id: string, code: string) => (await getReport(ctx(actor), id)).figures.find((f) => f.code === code);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildActivityWorld(database.db);
	});
	afterAll(() => database.close());

	it('opens one report per form, unit and period, due after the period; refuses bad forms, periods and levels', async () => {
		const first = await open(w.officer1, 'commune_quarterly', 'C1', '2026Q1');
		expect(first.created).toBe(true);
		const again = await open(w.officer1, 'commune_quarterly', 'C1', '2026q1');
		expect(again).toEqual({ id: first.id, created: false });
		const view = await getReport(ctx(w.officer1), first.id);
		expect(view).toMatchObject({ status: 'draft', dueOn: '2026-04-07', unit: { code: 'C1' }, parent: { name: 'Tỉnh Một' }, period: { key: '2026Q1', label: { vi: 'Quý 1/2026' } }, version: 1 });
		expect(view.figures.map((f) => f.code)).toContain('dialogues_held');

		await expect(open(w.officer1, 'commune_quarterly', 'C1', '2026Q5')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'error.period' });
		await expect(open(w.officer1, 'commune_quarterly', 'C1', '2026-03')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'reports.periodType' });
		await expect(open(w.officer1, 'no_such_form', 'C1', '2026Q1')).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'reports.formNotFound' });
		await expect(open(w.officer1, 'village_monthly', 'C1', '2026-03')).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'reports.formLevel' });
		await expect(open(w.officer1, 'commune_quarterly', 'NOPE', '2026Q1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(openReport(ctx(w.officer1), { form: '', unit: 'C1', period: '' })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(getReport(ctx(w.officer1), 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('a commune never sees another commune’s report, a province sees its communes’, a village head their village’s only', async () => {
		const commune = await open(w.officer1, 'commune_quarterly', 'C1', '2026Q3');
		const village = await open(w.head11, 'village_monthly', 'C1-V1', '2026-08');
		await open(w.head12, 'village_monthly', 'C1-V2', '2026-08');
		const other = await open(w.officer2, 'commune_quarterly', 'C2', '2026Q3');

		await expect(open(w.officer2, 'commune_quarterly', 'C1', '2026Q3')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReport(ctx(w.officer2), commune.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReport(ctx(w.officer1), other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReport(ctx(w.head11), commune.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getReport(ctx(w.head12), village.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getReport(ctx(w.province1), commune.id)).unit.code).toBe('C1');
		await expect(getReport(ctx(w.province1), other.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

		const listed = async (actor: Actor, q = {}) => (await findReports(ctx(actor), { period: '2026Q3', ...q })).items.map((r) => r.unit.code).sort();
		expect(await listed(w.officer1)).toEqual(['C1']);
		expect(await listed(w.officer2)).toEqual(['C2']);
		expect(await listed(w.province1)).toEqual(['C1']);
		const months = async (actor: Actor) => (await findReports(ctx(actor), { period: '2026-08' })).items.map((r) => r.unit.code).sort();
		expect(await months(w.head11)).toEqual(['C1-V1']);
		expect(await months(w.officer1)).toEqual(['C1-V1', 'C1-V2']);
		expect(await months(w.officer2)).toEqual([]);
		const item = (await findReports(ctx(w.officer1), { period: '2026Q3' })).items[0];
		expect(item).toMatchObject({ unit: { code: 'C1', name: 'Xã Một' }, period: { key: '2026Q3' }, form: { code: 'commune_quarterly' }, status: 'draft' });
		await expect(findReports(ctx(w.officer1), { status: 'nonsense' as never })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(findReports(ctx(w.officer1), { period: 'Q9' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	it('figures are live while a draft, traceable to their activities, frozen at approval; entered figures only where nothing computes them', async () => {
		const a1 = randomUUID();
		const a2 = randomUUID();
		await act(w.head11, a1, activityFields('C1-V1', { date: '2026-05-10' }));
		const { id } = await open(w.officer1, 'commune_quarterly', 'C1', '2026Q2');
		expect((await figure(w.officer1, id, 'dialogues_held'))?.value).toBe(1);
		await act(w.head12, a2, activityFields('C1-V2', { date: '2026-06-03' }));
		await act(w.officer2, randomUUID(), activityFields('C2-V1', { date: '2026-06-03' }));
		const live = await figure(w.officer1, id, 'dialogues_held');
		expect(live).toMatchObject({ value: 2, status: 'computed', records: { page: `/app/reports/${id}/records/dialogues_held` } });
		const records = await getFigureRecords(ctx(w.officer1), id, 'dialogues_held');
		expect(records.activities.map((a) => a.id).sort()).toEqual([a1, a2].sort());
		await expect(getFigureRecords(ctx(w.officer1), id, 'no_such_code')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getFigureRecords(ctx(w.officer2), id, 'dialogues_held')).rejects.toMatchObject({ code: 'FORBIDDEN' });

		await expect(saveReport(ctx(w.officer1), id, { version: 1, narrative: {}, manualFigures: { dialogues_held: 9 } })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'reports.manualNotAllowed' });
		await expect(saveReport(ctx(w.officer1), id, { version: 1, narrative: {}, manualFigures: { communicators_network: -1 } })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(saveReport(ctx(w.officer2), id, { version: 1, narrative: {}, manualFigures: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(saveReport(ctx(w.province1), id, { version: 1, narrative: {}, manualFigures: {} })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'reports.editForbidden' });
		const saved = await saveReport(ctx(w.officer1), id, { version: 1, narrative: { results: ' Tổ chức 2 buổi đối thoại ở hai thôn. ' }, manualFigures: { communicators_network: 14 } });
		expect(saved).toMatchObject({ version: 2, narrative: { results: 'Tổ chức 2 buổi đối thoại ở hai thôn.' } });
		expect(saved.figures.find((f) => f.code === 'communicators_network')).toMatchObject({ value: 14, status: 'manual' });
		await expect(saveReport(ctx(w.officer1), id, { version: 1, narrative: {}, manualFigures: {} })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'reports.conflict' });

		// Submitting needs the villages' monthly reports, or a note naming the missing ones.
		const missing = await submitReport(ctx(w.officer1), id, { version: 2 }).catch((e) => e);
		expect(missing).toMatchObject({ code: 'VALIDATION', messageKey: 'reports.childrenMissing' });
		expect(missing.details.map((d: { message: string }) => d.message.split(' ')[0])).toEqual(['C1-V1', 'C1-V2']);
		expect(missing.details[0].message).toContain('2026-04, 2026-05, 2026-06');
		const submitted = await submitReport(ctx(w.officer1), id, { version: 2, missingNote: 'Thôn Một và Thôn Hai chưa gửi báo cáo tháng do mất sóng.' });
		expect(submitted).toMatchObject({ status: 'submitted', version: 3, missingNote: expect.stringContaining('mất sóng') });
		expect(submitted.missingChildren.map((c) => c.code)).toEqual(['C1-V1', 'C1-V2']);

		// Approval: the unit's own leader only; figures frozen and the commune subtree locked.
		await expect(approveReport(ctx(w.officer1), id, { version: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(approveReport(ctx(w.province1), id, { version: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'reports.approveForbidden' });
		const approved = await approveReport(ctx(w.chair1), id, { version: 3 });
		expect(approved).toMatchObject({ status: 'approved', frozen: true, lock: { from: '2026-04-01', to: '2026-06-30' } });
		expect(approved.figures.find((f) => f.code === 'dialogues_held')?.value).toBe(2);

		// Every write path of an activity in the locked period is refused, with the message naming the report.
		const refused = await act(w.head11, randomUUID(), activityFields('C1-V1', { date: '2026-06-20' })).catch((e) => e);
		expect(refused).toMatchObject({ code: 'LOCKED', messageKey: 'reports.lock.closed', params: { unit: 'Xã Một', period: '2026Q2', parent: 'Tỉnh Một' } });
		await expect(act(w.head11, a1, activityFields('C1-V1', { date: '2026-05-10', title: 'Sửa', version: 1 }))).rejects.toMatchObject({ code: 'LOCKED' });
		await expect(verifyActivity(ctx(w.officer1), a1)).rejects.toMatchObject({ code: 'LOCKED' });
		const july = randomUUID();
		await act(w.head11, july, activityFields('C1-V1', { date: '2026-07-01' }));
		await expect(act(w.head11, july, activityFields('C1-V1', { date: '2026-06-30', version: 1 }))).rejects.toMatchObject({ code: 'LOCKED' });
		await act(w.officer2, randomUUID(), activityFields('C2-V1', { date: '2026-06-04' }));
		expect((await figure(w.officer1, id, 'dialogues_held'))?.value).toBe(2);

		// The level above: accept/return need reports.accept on the parent, never the unit itself.
		await expect(acceptReport(ctx(w.chair1), id, { version: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'reports.acceptForbidden' });
		await expect(acceptReport(ctx(w.officer2), id, { version: 4 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(returnReport(ctx(w.province1), id, { version: 4, comment: '   ' })).rejects.toMatchObject({ name: 'ZodError' });
		const returned = await returnReport(ctx(w.province1), id, { version: 4, comment: 'Bổ sung số liệu tuyên truyền viên của thôn.' });
		expect(returned).toMatchObject({ status: 'returned', frozen: false, lock: null, returnComment: 'Bổ sung số liệu tuyên truyền viên của thôn.' });
		await act(w.head11, randomUUID(), activityFields('C1-V1', { date: '2026-06-21' }));
		expect((await figure(w.officer1, id, 'dialogues_held'))?.value).toBe(3);

		await submitReport(ctx(w.officer1), id, { version: 5, missingNote: 'Hai thôn vẫn chưa gửi.' });
		await approveReport(ctx(w.chair1), id, { version: 6 });
		const accepted = await acceptReport(ctx(w.province1), id, { version: 7 });
		expect(accepted).toMatchObject({ status: 'accepted', frozen: true, allowed: { unlock: true, accept: false, return: false } });
		expect((await getReport(ctx(w.officer1), id)).allowed).toMatchObject({ unlock: false, edit: false, submit: false });
		await expect(act(w.head11, a1, activityFields('C1-V1', { date: '2026-05-10', title: 'Sửa', version: 1 }))).rejects.toMatchObject({ code: 'LOCKED' });

		await expect(unlockReport(ctx(w.officer1), id, { version: 8, reason: 'Sửa' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(unlockReport(ctx(w.province1), id, { version: 8, reason: '' })).rejects.toMatchObject({ name: 'ZodError' });
		const unlocked = await unlockReport(ctx(w.province1), id, { version: 8, reason: 'Thôn Một ghi thiếu một buổi đối thoại.' });
		expect(unlocked).toMatchObject({ status: 'returned', lock: null, frozen: false });
		const edited = await act(w.head11, a1, activityFields('C1-V1', { date: '2026-05-10', title: 'Đối thoại đã sửa', version: 1 }));
		expect(edited.activity.version).toBe(2);
		const locks = await database.db.select().from(periodLocks).where(eq(periodLocks.reportId, id));
		expect(locks).toHaveLength(2);
		expect(locks.every((l) => l.unlockedAt !== null && l.unlockReason)).toBe(true);

		expect(unlocked.history.map((h) => h.action)).toEqual(['created', 'submitted', 'approved', 'returned', 'submitted', 'approved', 'accepted', 'unlocked']);
		const audited = await database.db.select({ action: auditEntries.action }).from(auditEntries).where(and(eq(auditEntries.entityId, id), like(auditEntries.action, 'report.%')));
		expect(audited.map((a) => a.action)).toEqual(['report.create', 'report.update', 'report.submit', 'report.approve', 'report.return', 'report.submit', 'report.approve', 'report.accept', 'report.unlock']);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});

	it('a village report: the village head approves, the commune accepts; its lock covers that village only; a commune report goes without a note once all are in', async () => {
		const reports: Record<string, string> = {};
		for (const [head, village] of [
			[w.head11, 'C1-V1'],
			[w.head12, 'C1-V2']
		] as const) {
			for (const month of ['2025-10', '2025-11', '2025-12']) {
				const { id } = await open(head, 'village_monthly', village, month);
				await submitReport(ctx(head), id, { version: 1 });
				reports[`${village}|${month}`] = id;
			}
		}
		const oct = reports['C1-V1|2025-10'];
		await expect(approveReport(ctx(w.officer1), oct, { version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(approveReport(ctx(w.head12), oct, { version: 2 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await approveReport(ctx(w.head11), oct, { version: 2 });
		await expect(acceptReport(ctx(w.head11), oct, { version: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await acceptReport(ctx(w.officer1), oct, { version: 3 })).status).toBe('accepted');
		await expect(act(w.head11, randomUUID(), activityFields('C1-V1', { date: '2025-10-15' }))).rejects.toMatchObject({ code: 'LOCKED', params: { unit: 'Thôn Một', parent: 'Xã Một' } });
		await act(w.head12, randomUUID(), activityFields('C1-V2', { date: '2025-10-15' }));
		// A commune activity covering the locked village is refused too: it counts in the village's figures.
		await expect(act(w.officer1, randomUUID(), activityFields('C1', { date: '2025-10-16', coveredUnits: ['C1-V1'] }))).rejects.toMatchObject({ code: 'LOCKED' });

		const { id } = await open(w.officer1, 'commune_quarterly', 'C1', '2025Q4');
		const view = await getReport(ctx(w.officer1), id);
		expect(view.missingChildren).toEqual([]);
		expect(view.children?.map((c) => c.complete)).toEqual([true, true]);
		expect((await submitReport(ctx(w.officer1), id, { version: 1 })).missingNote).toBeNull();
	});

	it('of two concurrent steps on one report exactly one wins; the other is a conflict and nothing is half-written', async () => {
		const { id } = await open(w.officer1, 'commune_quarterly', 'C1', '2025Q3');
		const both = await Promise.allSettled([
			submitReport(ctx(w.officer1), id, { version: 1, missingNote: 'Thiếu báo cáo thôn.' }),
			submitReport(ctx(w.officer1), id, { version: 1, missingNote: 'Thiếu báo cáo thôn.' })
		]);
		expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
		await approveReport(ctx(w.chair1), id, { version: 2 });
		const race = await Promise.allSettled([
			unlockReport(ctx(w.province1), id, { version: 3, reason: 'Mở khóa lần một.' }),
			unlockReport(ctx(w.province1), id, { version: 3, reason: 'Mở khóa lần hai.' }),
			acceptReport(ctx(w.province1), id, { version: 3 })
		]);
		expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const after = await getReport(ctx(w.province1), id);
		const live = await database.db.select().from(periodLocks).where(and(eq(periodLocks.reportId, id), isNull(periodLocks.unlockedAt)));
		expect(after.version).toBe(4);
		if (after.status === 'accepted') expect(live).toHaveLength(1);
		else expect(after.status === 'returned' && live.length === 0).toBe(true);
		expect(after.history.filter((h) => h.action !== 'created')).toHaveLength(3);
	});
});
