import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../testing/db';
import type { Database } from '../db/client';
import { verifyAuditChain } from '../audit/audit.service';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { findReports, getReport } from '../modules/reports/reports.service';
import { periodLocks, reportEvents, reports } from '../modules/reports/reports.tables';
import { getCompleteness } from '../modules/reports/reports.completeness';
import { remindersFor } from '../modules/reports/reports.reminders';
import { exportReportDocx, exportReportXlsx } from '../modules/reports/reports.export';
import { saveActivity } from '../modules/activities/activities.service';
import { periodOf, previousPeriod, today } from '../periods';
import { seedDemo } from './demo';
import { seedReports } from './reports';

describe.each(testDrivers)('demo reports (%s)', (driver) => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await seedDemo(database.db);
	}, 300_000);
	afterAll(() => database.close());

	it('gives Hà Bình accepted, submitted, returned and draft reports and Đa Quyn a late one; each commune sees only its own', async () => {
		const habinh = (await findReports(await as('canbo.habinh'), { limit: 200 })).items;
		const statuses = new Set(habinh.map((r) => r.status));
		for (const s of ['accepted', 'submitted', 'returned', 'draft']) expect(statuses, s).toContain(s);
		expect(habinh.every((r) => r.unit.code.startsWith('16108'))).toBe(true);
		expect(habinh.filter((r) => r.form.code === 'village_monthly' && r.status === 'accepted').length).toBeGreaterThanOrEqual(12);
		const returned = habinh.find((r) => r.status === 'returned')!;
		expect((await getReport(await as('truongthon.habinh'), returned.id)).returnComment).toBeTruthy();

		const daquyn = (await findReports(await as('canbo.daquyn'), { limit: 200 })).items;
		expect(daquyn.every((r) => r.unit.code.startsWith('24997'))).toBe(true);
		const late = daquyn.find((r) => r.period.key === '2026Q2')!;
		expect(late.status).toBe('submitted');
		expect(late.submittedAt!.slice(0, 10) > late.dueOn).toBe(true);

		const q1 = habinh.find((r) => r.form.code === 'commune_quarterly' && r.period.key === '2026Q1')!;
		const view = await getReport(await as('tinh.thanhhoa'), q1.id);
		expect(view).toMatchObject({ status: 'accepted', frozen: true, missingNote: expect.stringContaining('bằng giấy'), lock: { from: '2026-01-01', to: '2026-03-31' } });
		expect(view.figures.find((f) => f.code === 'bulletins_broadcast')!.value).toBeGreaterThan(0);
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});

	it('every demo report went through the services: each has its history of events', async () => {
		const [{ n: all }] = await database.db.select({ n: count() }).from(reports);
		expect(all).toBeGreaterThan(40);
		const created = await database.db.selectDistinct({ id: reportEvents.reportId }).from(reportEvents).where(eq(reportEvents.action, 'created'));
		expect(created).toHaveLength(all);
	});

	it('the accepted first half of 2026 is locked in Hà Bình', async () => {
		const fields = { unit: '16108-02', channel: 'dialogue', title: 'Họp thôn bổ sung', date: '2026-03-20', status: 'done' as const, counts: { other: 5 } };
		await expect(saveActivity(await as('canbo.habinh'), randomUUID(), fields, 'web')).rejects.toMatchObject({ code: 'LOCKED' });
	});

	it("the commune officer is reminded today of the villages' overdue reports; the province sees last quarter's report", async () => {
		const box = await remindersFor(await as('canbo.habinh'), 'vi');
		expect(box.items.filter((i) => i.kind === 'overdue').map((i) => i.unit.code)).toEqual(expect.arrayContaining(['16108-04']));
		const quarter = previousPeriod(periodOf('quarter', today()));
		const view = await getCompleteness(await as('tinh.thanhhoa'), { unit: '38', form: 'commune_quarterly', from: quarter.key, to: quarter.key });
		expect(view.periods[0].units.find((u) => u.unit.code === '16108')!.status).toBe('submitted');
	});

	describe('dated from the 15th of this month', () => {
		// Mid-month, so the last month's village reports (due on the 3rd) are all decided.
		const at = new Date(`${today().slice(0, 7)}-15T03:00:00Z`);
		beforeAll(async () => {
			// Loaded again for a fixed day; a second load leaves the reports already there.
			await database.db.delete(periodLocks);
			await database.db.delete(reports);
			await seedReports(database.db, at);
			await seedReports(database.db, at);
		}, 240_000);

		it("Hà Bình's villages: on time, late and missing over the last three months, as the commune sees it", async () => {
			const last = previousPeriod(periodOf('month', today(at)));
			const first = previousPeriod(previousPeriod(last));
			const view = await getCompleteness(await as('canbo.habinh'), { unit: '16108', form: 'village_monthly', from: first.key, to: last.key }, at);
			expect(view.periods.map((p) => [p.expected, p.onTime, p.late, p.missing])).toEqual([
				[6, 5, 1, 0],
				[6, 3, 2, 1],
				[6, 3, 0, 3]
			]);
			// The other commune's officer cannot look at Hà Bình.
			await expect(getCompleteness(await as('canbo.daquyn'), { unit: '16108', form: 'village_monthly' }, at)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		});

		it('the province sees the commune quarter report submitted, and its exports open', async () => {
			const province = await as('tinh.thanhhoa');
			const quarter = previousPeriod(periodOf('quarter', today(at)));
			const view = await getCompleteness(province, { unit: '38', form: 'commune_quarterly', from: quarter.key, to: quarter.key }, at);
			const habinh = view.periods[0].units.find((u) => u.unit.code === '16108')!;
			expect(habinh.status).toBe('submitted');
			const docx = await exportReportDocx(province, habinh.reportId!);
			expect(docx.body.subarray(0, 2).toString()).toBe('PK');
			const xlsx = await exportReportXlsx(province, habinh.reportId!, 'vi');
			expect(xlsx.body.length).toBeGreaterThan(1000);
		});

		it('the commune officer is reminded of the overdue village reports', async () => {
			const box = await remindersFor(await as('canbo.habinh'), 'vi', at);
			expect(box.items.filter((i) => i.kind === 'overdue').map((i) => i.unit.code)).toEqual(expect.arrayContaining(['16108-03', '16108-04', '16108-06']));
		});
	});
});
