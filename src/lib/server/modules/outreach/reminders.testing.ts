import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { buildActor, buildTwoCommunes } from '../../testing/factories';
import { reportForms } from '../reports/reports.tables';
import { insertForm, insertReport, unitIdOf } from '../reports/reports.completeness.testing';
import { feedbackItems } from '../feedback/feedback.tables';
import { plans, planTasks } from '../plans/plans.tables';
import { contentItems } from '../content/content.tables';
import { stories } from '../stories/stories.tables';
import { activities } from '../activities/activities.tables';
import { spendingLines } from '../budget/budget.tables';

// Hand-made fixtures for the reminder collectors: rows written straight into each module's tables
// (their workflows have their own tests), so each test states exactly what is due and for whom.

/** 09:00 in Việt Nam on a date. */
export const at = (d: string) => new Date(`${d}T02:00:00Z`);

export interface ReminderWorld {
	officer1: Actor;
	leader1: Actor;
	head11: Actor;
	finance1: Actor;
	officer2: Actor;
	leader2: Actor;
	province1: Actor;
	ids: Record<string, string>;
}

/**
 * Two communes (C1 under P1, C2 under P2) with their officers, and on Friday 2026-04-03: commune and
 * village quarter reports due on 2026-04-05, two reports submitted, feedback near and past its
 * deadline, plan tasks due, content, a story and spending waiting for approval.
 */
export async function buildReminderWorld(db: Db): Promise<ReminderWorld> {
	await buildTwoCommunes(db);
	const w = {
		officer1: await buildActor(db, 'commune_officer', 'C1'),
		leader1: await buildActor(db, 'commune_leader', 'C1'),
		head11: await buildActor(db, 'village_head', 'C1-V1'),
		finance1: await buildActor(db, 'finance_officer', 'C1'),
		officer2: await buildActor(db, 'commune_officer', 'C2'),
		leader2: await buildActor(db, 'commune_leader', 'C2'),
		province1: await buildActor(db, 'province_officer', 'P1'),
		ids: {} as Record<string, string>
	};
	const unit = (code: string) => unitIdOf(db, code);
	const ids = w.ids;

	// Reports: only this world's forms are active; the last quarter is in everywhere but two submitted.
	await db.update(reportForms).set({ active: false });
	await insertForm(db, { code: 'xa-quy', level: 'commune', periodType: 'quarter', dueDays: 5 });
	await insertForm(db, { code: 'thon-quy', level: 'village', periodType: 'quarter', dueDays: 5 });
	for (const code of ['C2', 'C1-V2', 'C2-V1'])
		await insertReport(db, { form: code.includes('-') ? 'thon-quy' : 'xa-quy', unitCode: code, period: '2025Q4', status: 'accepted', dueOn: '2026-01-05', submittedAt: '2026-01-02T02:00:00Z' });
	ids.submittedC1 = await insertReport(db, { form: 'xa-quy', unitCode: 'C1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-05', submittedAt: '2026-01-02T02:00:00Z' });
	ids.submittedV11 = await insertReport(db, { form: 'thon-quy', unitCode: 'C1-V1', period: '2025Q4', status: 'submitted', dueOn: '2026-01-05', submittedAt: '2026-01-02T02:00:00Z' });
	ids.draftC1 = await insertReport(db, { form: 'xa-quy', unitCode: 'C1', period: '2026Q1', status: 'draft', dueOn: '2026-04-05' });

	// Feedback (2026-04-03 is a Friday: two working days ahead is Tuesday 2026-04-07).
	const feedback = async (code: string, unitCode: string, dueDate: string, over: Partial<typeof feedbackItems.$inferInsert> = {}) => {
		const u = await unit(unitCode);
		const [row] = await db
			.insert(feedbackItems)
			.values({ trackingCode: code, unitId: u, handlingUnitId: u, categoryCode: 'question', channel: 'portal', title: `Hỏi về ${code}`, body: 'Nội dung câu hỏi', dueDate, escalateAfter: dueDate, ...over })
			.returning({ id: feedbackItems.id });
		return row.id;
	};
	ids.fbNear = await feedback('FBNEAR', 'C1', '2026-04-07');
	ids.fbLater = await feedback('FBLATER', 'C1', '2026-04-08');
	ids.fbLate = await feedback('FBLATE', 'C1', '2026-04-01', { status: 'assigned', assigneeId: w.officer1.userId });
	ids.fbAnswered = await feedback('FBDONE', 'C1', '2026-04-01', { status: 'answered' });
	ids.fbC2 = await feedback('FBC2', 'C2', '2026-04-06');

	// Plan tasks: an issued plan of C1, and a draft of C2 whose tasks are not tracked.
	const plan = async (unitCode: string, status: string) => {
		const [row] = await db
			.insert(plans)
			.values({ unitId: await unit(unitCode), seriesId: randomUUID(), status, title: `Kế hoạch ${unitCode}`, document: {} as never })
			.returning({ id: plans.id });
		return row.id;
	};
	const task = async (planId: string, unitCode: string, assigneeRole: string, due: string, status = 'open') => {
		const [row] = await db
			.insert(planTasks)
			.values({ planId, unitId: await unit(unitCode), assignee: assigneeRole, assigneeRole, text: `Việc của ${assigneeRole} hạn ${due}`, due, status })
			.returning({ id: planTasks.id });
		return row.id;
	};
	const plan1 = await plan('C1', 'issued');
	ids.taskOfficer = await task(plan1, 'C1', 'commune_officer', '2026-04-05');
	ids.taskHeads = await task(plan1, 'C1', 'village_head', '2026-04-01');
	ids.taskDone = await task(plan1, 'C1', 'commune_officer', '2026-04-02', 'done');
	ids.taskLater = await task(plan1, 'C1', 'commune_officer', '2026-04-20');
	ids.taskDraft = await task(await plan('C2', 'draft'), 'C2', 'commune_officer', '2026-04-04');

	// Content and a story in review; one approved item.
	const content = async (unitCode: string, status: string, authorId: string | null) => {
		const [row] = await db
			.insert(contentItems)
			.values({ unitId: await unit(unitCode), kind: 'bulletin', title: `Bản tin ${unitCode} ${status}`, status, authorId })
			.returning({ id: contentItems.id });
		return row.id;
	};
	ids.contentC1 = await content('C1', 'in_review', w.officer1.userId);
	ids.contentV11 = await content('C1-V1', 'in_review', w.head11.userId);
	ids.contentC2 = await content('C2', 'approved', w.officer2.userId);
	const [story] = await db
		.insert(stories)
		.values({ unitId: await unit('C1'), subjectKind: 'household', subjectName: 'Gia đình chị Mai', title: 'Nuôi bò vượt nghèo', summary: 'Tóm tắt', whatTheyDid: 'Vay vốn', results: 'Thoát nghèo', status: 'in_review', createdBy: w.officer1.userId })
		.returning({ id: stories.id });
	ids.story = story.id;

	// Spending of an activity of C1: one recorded (waiting for review), one approved.
	const [activity] = await db
		.insert(activities)
		.values({ unitId: await unit('C1'), channelCode: 'dialogue', title: 'Đối thoại tháng tư', date: '2026-04-01' })
		.returning({ id: activities.id });
	const spend = async (status: string, payee: string) => {
		const [row] = await db
			.insert(spendingLines)
			.values({ activityId: activity.id, budgetUnitId: await unit('C1'), sourceCode: 'local_budget', year: 2026, amount: 1_500_000, spentOn: '2026-04-01', payee, status, createdBy: w.officer1.userId })
			.returning({ id: spendingLines.id });
		return row.id;
	};
	ids.spendRecorded = await spend('recorded', 'Nhà văn hóa thôn Một');
	ids.spendApproved = await spend('approved', 'Cửa hàng văn phòng phẩm');
	return w;
}
