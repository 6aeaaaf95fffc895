import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { auditEntries } from '../../audit/audit.tables';
import { readTable } from '../../files/tabular';
import { readZipEntryText } from '../../files/zip';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { insertActivity } from '../indicators/indicators.testing';
import { activities, activityHouseholds } from './activities.tables';
import { attendanceFile, getAttendanceList, recordAttendance } from './activities.attendance';
import { getReach } from './activities.reach';

const seen = { screen: 'attendance_list', purpose: 'attendance' };

describe.each(testDrivers)('attendance lists (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	let village: string, commune: string;
	const hh: Record<string, string> = {};
	const ctx = (actor: Actor) => ({ db: database.db, actor });
	const audits = async (action: string) =>
		(await database.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(eq(auditEntries.action, action)))[0].n;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		const add = async (key: string, villageCode: string, headName: string, birthYear: number, category?: 'poor' | 'near_poor' | 'escaped') => {
			hh[key] = (await buildHousehold(db, { villageCode, headName, birthYear, address: `Xóm ${key}`, ...(category ? { classification: { year: 2026, category } } : {}) })).id;
		};
		await add('D', 'C1-V1', 'Đinh Văn Dũng', 1980);
		await add('C', 'C1-V1', 'Cao Thị Cúc', 1975, 'escaped');
		await add('B', 'C1-V1', 'Bùi Văn Bình', 1990, 'near_poor');
		await add('E', 'C1-V1', 'Âu Thị Én', 1959, 'poor');
		await add('A', 'C1-V1', 'Nguyễn Văn An', 1968, 'poor');
		await add('F', 'C1-V2', 'Phan Văn Phúc', 1971, 'poor');
		await add('G', 'C2-V1', 'Giáp Văn Giang', 1966, 'poor');
		village = await insertActivity(db, { unitCode: 'C1-V1', channel: 'dialogue', date: '2026-05-10', status: 'done', title: 'Đối thoại chính sách thôn Một' });
		commune = await insertActivity(db, { unitCode: 'C1', channel: 'conference', date: '2026-05-12', status: 'done', covered: ['C1-V2'] });
	});
	afterAll(() => database.close());

	it('lists the village’s households, poor first, then near-poor, newly out of poverty, the others; each shown is access-logged', async () => {
		const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(and(eq(auditEntries.kind, 'access'), sql`${auditEntries.context}->>'screen' = 'attendance_list'`));
		const list = await getAttendanceList(ctx(w.head11), village, seen);
		expect(list.entries.map((e) => [e.headName, e.category, e.birthYear, e.address])).toEqual([
			['Âu Thị Én', 'poor', 1959, 'Xóm E'],
			['Nguyễn Văn An', 'poor', 1968, 'Xóm A'],
			['Bùi Văn Bình', 'near_poor', 1990, 'Xóm B'],
			['Cao Thị Cúc', 'escaped', 1975, 'Xóm C'],
			['Đinh Văn Dũng', null, 1980, 'Xóm D']
		]);
		expect(list.villages).toEqual([{ code: 'C1-V1', name: 'Thôn Một' }]);
		expect(list.canTick).toBe(true);
		const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditEntries).where(and(eq(auditEntries.kind, 'access'), sql`${auditEntries.context}->>'screen' = 'attendance_list'`));
		expect(after[0].n - before[0].n).toBe(5);
		// A commune activity that covered a village lists that village.
		expect((await getAttendanceList(ctx(w.officer1), commune, seen)).entries.map((e) => e.headName)).toEqual(['Phan Văn Phúc']);
	});

	it('refuses counts-only actors, another commune, a village head on the commune’s activity, unknown ids', async () => {
		await expect(getAttendanceList(ctx(w.province1), village, seen)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'households.countsOnly' });
		await expect(getAttendanceList(ctx(w.officer2), village, seen)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getAttendanceList(ctx(w.head11), commune, seen)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getAttendanceList(ctx(w.head11), 'nope', seen)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getAttendanceList(ctx(w.head11), '00000000-0000-4000-8000-000000000000', seen)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(attendanceFile(ctx(w.officer2), village, 'xlsx', 'vi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('records ticks idempotently, removes unticked households, audits each change once', async () => {
		const shown = [hh.E, hh.A, hh.B, hh.C, hh.D];
		const audited = await audits('activity.attendance');
		const version = async () => (await database.db.select({ v: activities.version }).from(activities).where(eq(activities.id, village)))[0].v;
		const before = await version();
		expect(await recordAttendance(ctx(w.head11), village, { shown, ticked: [hh.A, hh.B] })).toEqual({ added: 2, removed: 0, households: 2 });
		expect(await recordAttendance(ctx(w.head11), village, { shown, ticked: [hh.A, hh.B] })).toEqual({ added: 0, removed: 0, households: 2 });
		expect(await audits('activity.attendance')).toBe(audited + 1);
		// A change of the list is a new version (a phone's stale copy then conflicts); a repeat is not.
		expect(await version()).toBe(before + 1);
		const rows = await database.db.select().from(activityHouseholds).where(eq(activityHouseholds.activityId, village));
		expect(rows.map((r) => r.how)).toEqual(['attendance', 'attendance']);
		expect(await recordAttendance(ctx(w.head11), village, { shown, ticked: [hh.B, hh.E] })).toEqual({ added: 1, removed: 1, households: 2 });
		expect(await audits('activity.attendance')).toBe(audited + 2);
		// Households not shown are left as they are.
		expect(await recordAttendance(ctx(w.head11), village, { shown: [hh.C], ticked: [] })).toEqual({ added: 0, removed: 0, households: 2 });
		expect((await getAttendanceList(ctx(w.head11), village, seen)).entries.filter((e) => e.ticked).map((e) => e.headName)).toEqual(['Âu Thị Én', 'Bùi Văn Bình']);
	});

	it('refuses households off the list, another commune’s officer, bad input; nothing half-written', async () => {
		await expect(recordAttendance(ctx(w.officer1), village, { shown: [hh.A, hh.F], ticked: [hh.A, hh.F] })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'reach.attendance.notOnList' });
		await expect(recordAttendance(ctx(w.officer1), village, { shown: [hh.G], ticked: [hh.G] })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(recordAttendance(ctx(w.officer1), village, { shown: ['00000000-0000-4000-8000-000000000000'], ticked: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(recordAttendance(ctx(w.officer2), village, { shown: [hh.A], ticked: [hh.A] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(recordAttendance(ctx(w.province1), village, { shown: [hh.A], ticked: [hh.A] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(recordAttendance(ctx(w.officer1), village, { shown: [hh.A], ticked: [hh.B] })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(recordAttendance(ctx(w.officer1), village, { shown: ['x'], ticked: [] })).rejects.toMatchObject({ name: 'ZodError' });
		await expect(recordAttendance(ctx(w.officer1), 'nope', { shown: [], ticked: [] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const rows = await database.db.select().from(activityHouseholds).where(eq(activityHouseholds.activityId, village));
		expect(rows.map((r) => r.householdId).sort()).toEqual([hh.B, hh.E].sort());
	});

	it('counts for reach once verified; a verified list is closed to the village head, open to the commune officer', async () => {
		const reached = async () => (await getReach(ctx(w.officer1), { unit: 'C1-V1', period: '2026Q2' })).total.reached;
		expect(await reached()).toBe(0);
		await database.db.update(activities).set({ status: 'verified' }).where(eq(activities.id, village));
		expect(await reached()).toBe(2);
		const shown = [hh.A];
		await expect(recordAttendance(ctx(w.head11), village, { shown, ticked: shown })).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'reach.attendance.closed' });
		expect((await getAttendanceList(ctx(w.head11), village, seen)).canTick).toBe(false);
		expect(await recordAttendance(ctx(w.officer1), village, { shown, ticked: shown })).toMatchObject({ added: 1 });
		expect(await reached()).toBe(3);
	});

	it('writes the list as XLSX and DOCX with empty tick and signature columns', async () => {
		const xlsx = await attendanceFile(ctx(w.officer1), village, 'xlsx', 'vi');
		expect(xlsx.filename).toMatch(/^diem-danh-2026-05-10-[0-9a-f]{8}\.xlsx$/);
		const table = await readTable(xlsx.body);
		expect(table.rows.map((r) => Object.values(r.values).slice(0, 3))).toEqual([
			['1', 'Hộ nghèo', 'Âu Thị Én'],
			['2', 'Hộ nghèo', 'Nguyễn Văn An'],
			['3', 'Hộ cận nghèo', 'Bùi Văn Bình'],
			['4', 'Hộ mới thoát nghèo', 'Cao Thị Cúc'],
			['5', 'Chưa phân loại', 'Đinh Văn Dũng']
		]);
		const docx = await attendanceFile(ctx(w.officer1), village, 'docx', 'en');
		const xml = readZipEntryText(docx.body, 'word/document.xml')!;
		expect(xml).toContain('ATTENDANCE LIST');
		expect(xml).toContain('Đối thoại chính sách thôn Một');
		expect(xml.indexOf('Âu Thị Én')).toBeLessThan(xml.indexOf('Đinh Văn Dũng'));
		expect(xml).toContain('Signature');
	});
});
