import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes, buildUnit } from '../../testing/factories';
import { reportForms, reportReminders } from './reports.tables';
import { findDueReports, periodsDueAround, recordReportReminders, remindersFor } from './reports.reminders';
import { insertForm, insertReport } from './reports.completeness.testing';

const day = (d: string) => new Date(`${d}T02:00:00Z`); // 09:00 in Việt Nam

describe('periodsDueAround', () => {
	it('lists the periods due from the lookback to three days ahead', () => {
		expect(periodsDueAround({ periodType: 'quarter', dueDays: 5 }, '2026-04-03').map((p) => p.key)).toEqual(['2025Q4', '2026Q1']);
		expect(periodsDueAround({ periodType: 'quarter', dueDays: 10 }, '2026-04-03').map((p) => p.key)).toEqual(['2025Q4']);
		expect(periodsDueAround({ periodType: 'year', dueDays: 15 }, '2026-04-03').map((p) => p.key)).toEqual(['2025']);
	});
});

describe.each(testDrivers)('report reminders (%s)', (driver) => {
	let database: Database;
	let commune1: Actor, commune2: Actor, head11: Actor, province2: Actor;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		await buildTwoCommunes(db);
		await buildUnit(db, { code: 'C1-V3', name: 'Thôn Ba Cũ', level: 'village', parentCode: 'C1', validTo: '2025-12-31' });
		commune1 = await buildActor(db, 'commune_officer', 'C1');
		commune2 = await buildActor(db, 'commune_officer', 'C2');
		head11 = await buildActor(db, 'village_head', 'C1-V1');
		province2 = await buildActor(db, 'province_officer', 'P2');
		// Only this test's forms are active (the migration seeds the standard ones).
		await db.update(reportForms).set({ active: false });
		await insertForm(db, { code: 'thon-quy', level: 'village', periodType: 'quarter', dueDays: 5 });
		await insertForm(db, { code: 'xa-quy', level: 'commune', periodType: 'quarter', dueDays: 10 });
		await insertForm(db, { code: 'cu', level: 'village', periodType: 'quarter', dueDays: 5, active: false });
		const r = (f: Parameters<typeof insertReport>[1]) => insertReport(db, f);
		await r({ form: 'thon-quy', unitCode: 'C1-V1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-05', submittedAt: '2026-01-03T02:00:00Z' });
		await r({ form: 'thon-quy', unitCode: 'C1-V1', period: '2026Q1', status: 'approved', dueOn: '2026-04-05', submittedAt: '2026-04-01T02:00:00Z' });
		ids.v2q4 = await r({ form: 'thon-quy', unitCode: 'C1-V2', period: '2025Q4', status: 'returned', dueOn: '2026-01-05', submittedAt: '2026-01-04T02:00:00Z' });
		ids.v2q1 = await r({ form: 'thon-quy', unitCode: 'C1-V2', period: '2026Q1', status: 'draft', dueOn: '2026-04-05' });
		await r({ form: 'xa-quy', unitCode: 'C1', period: '2025Q4', status: 'accepted', dueOn: '2026-01-10', submittedAt: '2026-01-08T02:00:00Z' });
	});
	afterAll(() => database.close());

	it('finds reports due soon and overdue, started or not, of active forms (hand-counted)', async () => {
		const due = await findDueReports(database.db, '2026-04-03');
		expect(due.map((d) => [d.key, d.kind, d.days, d.reportId]).sort()).toEqual(
			[
				['thon-quy|C1-V2|2025Q4', 'overdue', 88, ids.v2q4],
				['thon-quy|C2-V1|2025Q4', 'overdue', 88, null],
				['thon-quy|C1-V3|2025Q4', 'overdue', 88, null],
				['xa-quy|C2|2025Q4', 'overdue', 83, null],
				['thon-quy|C1-V2|2026Q1', 'due_soon', 2, ids.v2q1],
				['thon-quy|C2-V1|2026Q1', 'due_soon', 2, null]
			].sort()
		);
	});

	it('the daily job records each reminder once: a second run records nothing', async () => {
		const db = database.db;
		expect(await recordReportReminders(db, day('2026-04-03'))).toBe(6);
		expect(await recordReportReminders(db, day('2026-04-03'))).toBe(0);
		expect(await recordReportReminders(db, day('2026-04-04'))).toBe(0);
		expect((await db.select().from(reportReminders)).length).toBe(6);
		// After the due day the village quarter reports not submitted are overdue: a new kind, once.
		expect(await recordReportReminders(db, day('2026-04-06'))).toBe(2);
		// Three days before the commune quarter reports are due.
		expect(await recordReportReminders(db, day('2026-04-07'))).toBe(2);
		expect(await recordReportReminders(db, day('2026-04-07'))).toBe(0);
		const rows = await db.select().from(reportReminders);
		expect(rows.filter((r) => r.reportKey === 'thon-quy|C2-V1|2026Q1').map((r) => r.kind).sort()).toEqual(['due_soon', 'overdue']);
		expect(rows.filter((r) => r.reportKey.startsWith('xa-quy|') && r.kind === 'due_soon').map((r) => r.reportKey).sort()).toEqual(['xa-quy|C1|2026Q1', 'xa-quy|C2|2026Q1']);
	});

	it("the workspace box shows the actor's unit and the units just below it, never another commune's", async () => {
		const box = await remindersFor({ db: database.db, actor: commune1 }, 'vi', day('2026-04-03'));
		expect(box.items.map((i) => [i.kind, i.unit.code, i.periodKey, i.href])).toEqual([
			['overdue', 'C1-V2', '2025Q4', `/app/reports/${ids.v2q4}`],
			['overdue', 'C1-V3', '2025Q4', '/app/reports/completeness?unit=C1&form=thon-quy&from=2025Q4&to=2025Q4'],
			['due_soon', 'C1-V2', '2026Q1', `/app/reports/${ids.v2q1}`]
		]);
		expect(box.items[0]).toMatchObject({ periodLabel: 'Quý 4/2025', dueOn: '2026-01-05', days: 88, remindedOn: '2026-04-03', formName: 'Mẫu thon-quy' });
		const other = await remindersFor({ db: database.db, actor: commune2 }, 'en', day('2026-04-03'));
		expect(other.items.map((i) => i.unit.code).sort()).toEqual(['C2', 'C2-V1', 'C2-V1']);
		expect(other.items.find((i) => i.unit.code === 'C2')!.href).toBe('/app/reports');
		expect((await remindersFor({ db: database.db, actor: head11 }, 'vi', day('2026-04-03'))).items).toEqual([]);
		const province = await remindersFor({ db: database.db, actor: province2 }, 'vi', day('2026-04-03'));
		expect(province.items.map((i) => [i.unit.code, i.href])).toEqual([['C2', '/app/reports/completeness?unit=P2&form=xa-quy&from=2025Q4&to=2025Q4']]);
	});
});
