import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/db';
import type { Database } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { periodLocks, reports } from '../modules/reports/reports.tables';
import { getCompleteness } from '../modules/reports/reports.completeness';
import { remindersFor } from '../modules/reports/reports.reminders';
import { exportReportDocx, exportReportXlsx } from '../modules/reports/reports.export';
import { periodOf, previousPeriod, today } from '../periods';
import { seedDemo } from './demo';
import { seedReportDeadlines } from './report-deadlines';

describe('demo reports for completeness, reminders and exports', () => {
	let database: Database;
	const as = async (username: string) => ({ db: database.db, actor: await actorForUser(database.db, await getUserByUsername(database.db, username), 'session') });
	// Mid-month, so the last month's village reports (due on the 3rd) are all decided.
	const at = new Date(`${today().slice(0, 7)}-15T03:00:00Z`);
	beforeAll(async () => {
		database = await createTestDatabase('pglite');
		await seedDemo(database.db);
		// Loaded again for a fixed day (a second load leaves the reports already there).
		await database.db.delete(periodLocks);
		await database.db.delete(reports);
		await seedReportDeadlines(database.db, at);
		await seedReportDeadlines(database.db, at);
	}, 240_000);
	afterAll(() => database.close());

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
