import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { collectReminders } from './reminders.collect';
import { notificationPreferences, reminders } from './reminders.tables';
import { at, buildReminderWorld, type ReminderWorld } from './reminders.testing';
import { feedbackItems } from '../feedback/feedback.tables';
import { contentItems } from '../content/content.tables';
import { reports } from '../reports/reports.tables';
import { planTasks } from '../plans/plans.tables';
import { users } from '../users/users.tables';

describe.each(testDrivers)('collecting reminders (%s)', (driver) => {
	let database: Database;
	let w: ReminderWorld;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildReminderWorld(database.db);
	});
	afterAll(() => database.close());

	async function subjectsOf(userId: string | null) {
		const rows = await database.db.select().from(reminders).where(eq(reminders.userId, userId!));
		return rows.map((r) => `${r.kind} ${r.subjectKey}`).sort();
	}

	it('reminds each person of what falls to them, nearest holder first, never the author (hand-counted)', async () => {
		const { ids } = w;
		const result = await collectReminders(database.db, at('2026-04-03'));
		expect(await subjectsOf(w.officer1.userId)).toEqual(
			[
				'report_due report:xa-quy|C1|2026Q1:due_soon',
				// No village head in C1-V2: the commune's report writer is the nearest.
				'report_due report:thon-quy|C1-V2|2026Q1:due_soon',
				// Not assigned: every handler of the commune; assigned: only the assignee.
				`feedback_deadline feedback:${ids.fbNear}:due_soon`,
				`feedback_deadline feedback:${ids.fbLate}:overdue`,
				`task_due task:${ids.taskOfficer}:due_soon`
			].sort()
		);
		expect(await subjectsOf(w.leader1.userId)).toEqual(
			[
				`report_due report:${ids.submittedC1}:submitted`,
				`feedback_deadline feedback:${ids.fbNear}:due_soon`,
				`approval_waiting content:${ids.contentC1}`,
				// A village's bulletin: the village head cannot approve, the commune's chair can.
				`approval_waiting content:${ids.contentV11}`,
				`approval_waiting story:${ids.story}`,
				`approval_waiting spending:${ids.spendRecorded}`
			].sort()
		);
		expect(await subjectsOf(w.head11.userId)).toEqual(
			[
				'report_due report:thon-quy|C1-V1|2026Q1:due_soon',
				`report_due report:${ids.submittedV11}:submitted`,
				`task_due task:${ids.taskHeads}:overdue`
			].sort()
		);
		expect(await subjectsOf(w.finance1.userId)).toEqual([`approval_waiting spending:${ids.spendRecorded}`]);
		expect(await subjectsOf(w.officer2.userId)).toEqual(
			['report_due report:xa-quy|C2|2026Q1:due_soon', 'report_due report:thon-quy|C2-V1|2026Q1:due_soon', `feedback_deadline feedback:${ids.fbC2}:due_soon`].sort()
		);
		expect(await subjectsOf(w.leader2.userId)).toEqual([`feedback_deadline feedback:${ids.fbC2}:due_soon`]);
		// The province reaches everything but is never the nearest here.
		expect(await subjectsOf(w.province1.userId)).toEqual([]);
		expect(result).toEqual({ added: 5 + 6 + 3 + 1 + 3 + 1, removed: 0 });
	});

	it('keeps the title, unit, due date and link for the message', async () => {
		const [row] = await database.db.select().from(reminders).where(eq(reminders.subjectKey, `task:${w.ids.taskOfficer}:due_soon`));
		expect(row.link).toBe('/app/tasks');
		expect(row.params).toMatchObject({ subject: 'task', stage: 'due_soon', unit: 'Xã Một', dueOn: '2026-04-05' });
		expect(row.dueAt?.toISOString()).toBe('2026-04-04T17:00:00.000Z');
		const [report] = await database.db.select().from(reminders).where(eq(reminders.subjectKey, 'report:xa-quy|C1|2026Q1:due_soon'));
		expect(report.link).toBe(`/app/reports/${w.ids.draftC1}`);
		expect(report.params).toMatchObject({ subject: 'report', title: 'Mẫu xa-quy — Quý 1/2026', titleEn: expect.stringContaining('Form xa-quy') });
	});

	it('a second run the same day changes nothing', async () => {
		const before = await database.db.select().from(reminders);
		expect(await collectReminders(database.db, at('2026-04-03'))).toEqual({ added: 0, removed: 0 });
		const after = await database.db.select().from(reminders);
		expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
	});

	it('removes what is done: feedback answered, content approved, report submitted, task done', async () => {
		const db = database.db;
		const { ids } = w;
		await db.update(feedbackItems).set({ status: 'answered' }).where(eq(feedbackItems.id, ids.fbNear));
		await db.update(contentItems).set({ status: 'approved' }).where(eq(contentItems.id, ids.contentC1));
		await db.update(reports).set({ status: 'submitted' }).where(eq(reports.id, ids.draftC1));
		await db.update(planTasks).set({ status: 'done' }).where(eq(planTasks.id, ids.taskHeads));
		const result = await collectReminders(db, at('2026-04-03'));
		// fbNear twice (officer and chair), content, the commune report, the heads' task; the submitted report is new for the chair.
		expect(result).toEqual({ added: 1, removed: 5 });
		expect(await subjectsOf(w.officer1.userId)).not.toContain('report_due report:xa-quy|C1|2026Q1:due_soon');
		expect(await subjectsOf(w.leader1.userId)).toContain(`report_due report:${ids.draftC1}:submitted`);
		expect(await subjectsOf(w.leader1.userId)).not.toContain(`approval_waiting content:${ids.contentC1}`);
		expect(await subjectsOf(w.head11.userId)).not.toContain(`task_due task:${ids.taskHeads}:overdue`);
	});

	it('a report past its due day becomes a new, overdue reminder', async () => {
		await collectReminders(database.db, at('2026-04-06'));
		const subjects = await subjectsOf(w.officer2.userId);
		expect(subjects).toContain('report_due report:xa-quy|C2|2026Q1:overdue');
		expect(subjects).not.toContain('report_due report:xa-quy|C2|2026Q1:due_soon');
	});

	it('kinds a person does not want are neither collected nor kept; a disabled user gets none', async () => {
		const db = database.db;
		await db.insert(notificationPreferences).values({ userId: w.officer2.userId!, kinds: ['task_due'] });
		await db.update(users).set({ disabled: true }).where(eq(users.id, w.leader2.userId!));
		await collectReminders(db, at('2026-04-06'));
		expect(await subjectsOf(w.officer2.userId)).toEqual([]);
		expect(await subjectsOf(w.leader2.userId)).toEqual([]);
		expect((await subjectsOf(w.officer1.userId)).length).toBeGreaterThan(0);
	});
});
