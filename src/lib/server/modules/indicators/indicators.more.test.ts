import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { systemActor } from '../../access/actor';
import { requirePeriod } from '../../periods';
import { buildUnit } from '../../testing/factories';
import { buildHousehold, buildHouseholdWorld } from '../households/households.testing';
import { mergeUnit } from '../units/units.service';
import { units } from '../units/units.tables';
import { activities, activityCounts } from '../activities/activities.tables';
import { feedbackItems } from '../feedback/feedback.tables';
import { stories } from '../stories/stories.tables';
import { spendingLines } from '../budget/budget.tables';
import { insertActivity } from './indicators.testing';
import { computeIndicatorGrid, computeIndicators, indicatorRecords } from './indicators.engine';
import { getIndicators } from './indicators.service';

const figuresOf = async (db: Db, path: string, period: string, codes: string[]) =>
	Object.fromEntries((await computeIndicators(db, { unitPath: path }, requirePeriod(period), codes)).map((f) => [f.code, f.value]));

describe.each(testDrivers)('indicator engine: feedback, stories, spending, merged units, live figures (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildHouseholdWorld>>;
	const ids: Record<string, string> = {};
	const path: Record<string, string> = {};
	const unitId: Record<string, string> = {};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		w = await buildHouseholdWorld(db);
		// Two older communes of province P1: C0 merged into C1OLD (2024-01-01), C1OLD into C1 (2025-07-01).
		await buildUnit(db, { code: 'C0', name: 'Xã Cũ Nhất', level: 'commune', parentCode: 'P1' });
		await buildUnit(db, { code: 'C1OLD', name: 'Xã Cũ', level: 'commune', parentCode: 'P1' });
		await buildUnit(db, { code: 'C1OLD-V1', name: 'Thôn Xã Cũ', level: 'village', parentCode: 'C1OLD' });
		ids.c0 = await insertActivity(db, { unitCode: 'C0', channel: 'dialogue', date: '2023-05-10', counts: { poor: 7 } });
		await mergeUnit({ db, actor: systemActor }, 'C0', { successorCode: 'C1OLD', date: '2024-01-01', moveChildren: true });
		ids.old1 = await insertActivity(db, { unitCode: 'C1OLD', channel: 'dialogue', date: '2024-03-10', counts: { poor: 5, near_poor: 4 } });
		ids.old2 = await insertActivity(db, { unitCode: 'C1OLD-V1', channel: 'dialogue', date: '2024-03-12', counts: { poor: 3 } });
		ids.old3 = await insertActivity(db, { unitCode: 'C1OLD', channel: 'training', date: '2024-11-02', counts: { poor: 20 } });
		ids.c1in2024 = await insertActivity(db, { unitCode: 'C1', channel: 'dialogue', date: '2024-03-20', counts: { poor: 2 } });
		await mergeUnit({ db, actor: systemActor }, 'C1OLD', { successorCode: 'C1', date: '2025-07-01', moveChildren: true });
		await insertActivity(db, { unitCode: 'C2', channel: 'dialogue', date: '2024-03-20', counts: { poor: 50 } });
		for (const u of await db.select().from(units)) {
			path[u.code] = u.path;
			unitId[u.code] = u.id;
		}

		// Feedback of C1 in 2026 Q1 (and some that must not count).
		let n = 0;
		const item = async (unit: string, receivedAt: string, dueDate: string, firstAnsweredAt: string | null, mergedInto: string | null = null) =>
			(
				await db
					.insert(feedbackItems)
					.values({
						trackingCode: `T${++n}X${driver}`,
						unitId: unitId[unit],
						handlingUnitId: unitId[unit],
						categoryCode: 'question',
						channel: 'portal',
						title: `Câu hỏi ${n}`,
						body: 'Nội dung câu hỏi',
						status: firstAnsweredAt ? 'answered' : 'received',
						dueDate,
						escalateAfter: dueDate,
						receivedAt: new Date(receivedAt),
						firstAnsweredAt: firstAnsweredAt ? new Date(firstAnsweredAt) : null,
						answeredAt: firstAnsweredAt ? new Date(firstAnsweredAt) : null,
						mergedIntoId: mergedInto
					})
					.returning()
			)[0].id;
		ids.f1 = await item('C1-V1', '2026-01-05T03:00:00Z', '2026-01-19', '2026-01-10T03:00:00Z'); // on time
		// Answered at 23:30 on the due day in Việt Nam (16:30 UTC): on time.
		ids.f1b = await item('C1', '2026-01-06T03:00:00Z', '2026-01-20', '2026-01-20T16:30:00Z');
		ids.f2 = await item('C1', '2026-02-01T03:00:00Z', '2026-02-14', '2026-02-20T03:00:00Z'); // late
		ids.f3 = await item('C1-V2', '2026-03-01T03:00:00Z', '2026-03-13', null); // overdue
		ids.f7 = await item('C1', '2026-03-30T03:00:00Z', '2099-01-01', null); // within its deadline
		await item('C1', '2026-03-31T17:30:00Z', '2026-04-14', null); // 00:30 on 1 April in Việt Nam
		await item('C2', '2026-02-01T03:00:00Z', '2026-02-14', null); // another commune
		await item('C1', '2026-01-07T03:00:00Z', '2026-01-21', null, ids.f1); // a duplicate merged into f1

		// Stories.
		const story = async (unit: string, status: string, publishedAt: string | null) =>
			(
				await db
					.insert(stories)
					.values({
						unitId: unitId[unit],
						subjectKind: 'household',
						subjectName: 'Gia đình anh Thử',
						title: 'Nuôi dê thoát nghèo',
						summary: 'Tóm tắt',
						whatTheyDid: 'Việc đã làm',
						results: 'Kết quả',
						status,
						publishedAt: publishedAt ? new Date(publishedAt) : null
					})
					.returning()
			)[0].id;
		ids.s1 = await story('C1-V1', 'published', '2026-02-10T02:00:00Z');
		await story('C1', 'draft', null);
		await story('C1', 'published', '2026-04-01T02:00:00Z');
		await story('C2', 'published', '2026-02-10T02:00:00Z');
		await story('C1', 'withdrawn', '2026-02-11T02:00:00Z');

		// Approved spending lines count; recorded ones, another quarter and another commune do not.
		const act = await insertActivity(db, { unitCode: 'C1-V2', channel: 'conference', date: '2026-01-15', cost: 9_999_999 });
		const act2 = await insertActivity(db, { unitCode: 'C2', channel: 'conference', date: '2026-01-15' });
		const line = async (activityId: string, budgetUnit: string, sourceCode: string, amount: number, spentOn: string, status: string) =>
			(
				await db
					.insert(spendingLines)
					.values({ activityId, budgetUnitId: unitId[budgetUnit], sourceCode, year: Number(spentOn.slice(0, 4)), amount, spentOn, payee: 'Nhà in', status })
					.returning()
			)[0].id;
		ids.l1 = await line(act, 'C1', 'central_programme', 300_000, '2026-01-20', 'approved');
		ids.l2 = await line(act, 'C1', 'local_budget', 200_000, '2026-02-01', 'approved');
		await line(act, 'C1', 'local_budget', 999, '2026-02-02', 'recorded');
		await line(act, 'C1', 'socialised', 5_000, '2026-04-02', 'approved');
		await line(act2, 'C2', 'socialised', 70_000, '2026-02-02', 'approved');
	});
	afterAll(() => database.close());

	it('counts feedback received, answered on time, answered late and overdue by the date of receipt in Việt Nam', async () => {
		const db = database.db;
		const codes = ['feedback_received', 'feedback_answered_on_time', 'feedback_answered_late', 'feedback_overdue'];
		expect(await figuresOf(db, path.C1, '2026Q1', codes)).toEqual({ feedback_received: 5, feedback_answered_on_time: 2, feedback_answered_late: 1, feedback_overdue: 1 });
		expect(await figuresOf(db, path['C1-V2'], '2026Q1', codes)).toEqual({ feedback_received: 1, feedback_answered_on_time: 0, feedback_answered_late: 0, feedback_overdue: 1 });
		expect(await figuresOf(db, path.C1, '2026Q2', codes)).toEqual({ feedback_received: 1, feedback_answered_on_time: 0, feedback_answered_late: 0, feedback_overdue: 1 });
		expect(await figuresOf(db, path.C1, '2026-02', codes)).toEqual({ feedback_received: 1, feedback_answered_on_time: 0, feedback_answered_late: 1, feedback_overdue: 0 });
		const records = await indicatorRecords(db, 'feedback_answered_on_time', { unitPath: path.C1 }, requirePeriod('2026Q1'));
		expect(records.feedbackIds).toEqual([ids.f1, ids.f1b]);
		expect((await indicatorRecords(db, 'feedback_overdue', { unitPath: path.C1 }, requirePeriod('2026Q1'))).feedbackIds).toEqual([ids.f3]);
	});

	it('counts published stories by their publication date', async () => {
		const db = database.db;
		expect(await figuresOf(db, path.C1, '2026Q1', ['stories_published'])).toEqual({ stories_published: 1 });
		expect(await figuresOf(db, path.C1, '2026', ['stories_published'])).toEqual({ stories_published: 2 });
		expect(await figuresOf(db, path.P2, '2026Q1', ['stories_published'])).toEqual({ stories_published: 1 });
		expect((await indicatorRecords(db, 'stories_published', { unitPath: path.C1 }, requirePeriod('2026Q1'))).storyIds).toEqual([ids.s1]);
	});

	it('adds up approved spending lines in total and by funding source', async () => {
		const db = database.db;
		const codes = ['spending', 'spending_central_programme', 'spending_local_budget', 'spending_legal_dissemination', 'spending_socialised'];
		expect(await figuresOf(db, path.C1, '2026Q1', codes)).toEqual({
			spending: 500_000,
			spending_central_programme: 300_000,
			spending_local_budget: 200_000,
			spending_legal_dissemination: 0,
			spending_socialised: 0
		});
		expect(await figuresOf(db, path.C1, '2026', ['spending', 'spending_socialised'])).toEqual({ spending: 505_000, spending_socialised: 5_000 });
		expect(await figuresOf(db, path.C1, '2026-02', ['spending'])).toEqual({ spending: 200_000 });
		expect(await figuresOf(db, path.P2, '2026Q1', ['spending'])).toEqual({ spending: 70_000 });
		expect((await indicatorRecords(db, 'spending_local_budget', { unitPath: path.C1 }, requirePeriod('2026Q1'))).spendingLineIds).toEqual([ids.l2]);
	});

	it('rolls the history of merged communes (transitively) into their successor', async () => {
		const db = database.db;
		// C1 in 2024: its own dialogue, C1OLD's and its village's (C1OLD-V1 now lies under C1).
		expect(await figuresOf(db, path.C1, '2024', ['dialogues_held', 'dialogue_participants', 'trainings_held', 'trainees'])).toEqual({
			dialogues_held: 3,
			dialogue_participants: 14,
			trainings_held: 1,
			trainees: 20
		});
		// C0 merged into C1OLD, which merged into C1: its 2023 dialogue is C1's history too.
		expect(await figuresOf(db, path.C1, '2023', ['dialogues_held', 'dialogue_participants'])).toEqual({ dialogues_held: 1, dialogue_participants: 7 });
		// The province counts each once; the other province none of them.
		expect(await figuresOf(db, path.P1, '2024', ['dialogues_held'])).toEqual({ dialogues_held: 3 });
		expect(await figuresOf(db, path.P2, '2024', ['dialogues_held'])).toEqual({ dialogues_held: 1 });
		// By the province's communes: all under C1, no row for the merged communes.
		const grid = await computeIndicatorGrid(db, { unitPath: path.P1 }, requirePeriod('2024'), ['dialogues_held'], 'child');
		expect([...grid.entries()].map(([k, f]) => [k, f[0].value])).toEqual([[unitId.C1, 3]]);
		const byMonth = await computeIndicatorGrid(db, { unitPath: path.C1 }, requirePeriod('2024Q1'), ['dialogues_held'], 'month');
		expect([...byMonth.entries()].map(([k, f]) => [k, f[0].value]).sort()).toEqual([
			['2024-01', 0],
			['2024-02', 0],
			['2024-03', 3]
		]);
		expect((await indicatorRecords(db, 'dialogues_held', { unitPath: path.C1 }, requirePeriod('2024'))).activityIds.sort()).toEqual([ids.old1, ids.old2, ids.c1in2024].sort());
	});

	it('shows a change in the very next computation (insert, status change, counts, delete)', async () => {
		const db = database.db;
		const codes = ['trainings_held', 'trainees'];
		const before = await figuresOf(db, path.C1, '2026-05', codes);
		const id = await insertActivity(db, { unitCode: 'C1-V1', channel: 'training', date: '2026-05-03', counts: { poor: 9 } });
		expect(await figuresOf(db, path.C1, '2026-05', codes)).toEqual({ trainings_held: before.trainings_held! + 1, trainees: before.trainees! + 9 });
		await db.update(activityCounts).set({ count: 4 }).where(eq(activityCounts.activityId, id));
		expect(await figuresOf(db, path.C1, '2026-05', codes)).toEqual({ trainings_held: before.trainings_held! + 1, trainees: before.trainees! + 4 });
		await db.update(activities).set({ date: '2026-06-01' }).where(eq(activities.id, id));
		expect(await figuresOf(db, path.C1, '2026-05', codes)).toEqual(before);
		expect((await figuresOf(db, path.C1, '2026-06', codes)).trainees).toBe(4);
		await db.update(activities).set({ status: 'planned' }).where(eq(activities.id, id));
		expect((await figuresOf(db, path.C1, '2026-06', codes)).trainees).toBe(0);
		await db.update(activities).set({ status: 'done' }).where(eq(activities.id, id));
		expect((await figuresOf(db, path.C1, '2026-06', codes)).trainees).toBe(4);
		await db.delete(activityCounts).where(eq(activityCounts.activityId, id));
		await db.delete(activities).where(eq(activities.id, id));
		expect(await figuresOf(db, path.C1, '2026-06', codes)).toEqual({ trainings_held: 0, trainees: 0 });
		// The kept figures equal a recomputation from scratch.
		const kept = await db.execute(sql`SELECT unit_id, year, month, channel_code, activities, participants FROM indicator_month_figures ORDER BY 1, 2, 3, 4`);
		await db.execute(sql`SELECT rebuild_indicator_month_figures(NULL)`);
		const fresh = await db.execute(sql`SELECT unit_id, year, month, channel_code, activities, participants FROM indicator_month_figures ORDER BY 1, 2, 3, 4`);
		expect(JSON.stringify(kept)).toBe(JSON.stringify(fresh));
	});

	it('keeps the reach counts equal to a recomputation from scratch after households, classifications and reach change', async () => {
		const db = database.db;
		const h = (await buildHousehold(db, { villageCode: 'C1-V2', classification: { year: 2026, category: 'near_poor' } })).id;
		await insertActivity(db, { unitCode: 'C1-V2', channel: 'home_visit', date: '2026-08-03', households: [h] });
		expect(await figuresOf(db, path['C1-V2'], '2026Q3', ['households_reached_near_poor'])).toEqual({ households_reached_near_poor: 1 });
		await db.execute(sql`UPDATE household_classifications SET category = 'poor' WHERE household_id = ${h} AND year = 2026`);
		expect(await figuresOf(db, path['C1-V2'], '2026Q3', ['households_reached_near_poor', 'households_reached_poor'])).toEqual({ households_reached_near_poor: 0, households_reached_poor: 1 });
		const read = async () =>
			JSON.stringify([
				await db.execute(sql`SELECT unit_id, year, mask, category, channel_code, reached FROM reach_period_counts ORDER BY 1, 2, 3, 4, 5`),
				await db.execute(sql`SELECT unit_id, year, category, households FROM reach_register_counts ORDER BY 1, 2, 3`)
			]);
		await db.execute(sql`SELECT reach_counts_flush()`);
		const kept = await read();
		await db.execute(sql`SELECT rebuild_reach_counts_at(ARRAY(SELECT id FROM units))`);
		expect(kept).toBe(await read());
	});

	it('counts households reached among all households and by month', async () => {
		const db = database.db;
		const h1 = (await buildHousehold(db, { villageCode: 'C2-V1', classification: { year: 2026, category: 'poor' } })).id;
		await buildHousehold(db, { villageCode: 'C2-V1', classification: { year: 2026, category: 'near_poor' } });
		await insertActivity(db, { unitCode: 'C2-V1', channel: 'home_visit', date: '2026-02-03', households: [h1] });
		await insertActivity(db, { unitCode: 'C2-V1', channel: 'home_visit', date: '2026-03-03', households: [h1], status: 'done' });
		const figures = await figuresOf(db, path.C2, '2026Q1', ['households_reached', 'share_households_reached', 'households_reached_poor', 'share_poor_reached']);
		expect(figures).toEqual({ households_reached: 1, share_households_reached: 50, households_reached_poor: 1, share_poor_reached: 100 });
		const byMonth = await computeIndicatorGrid(db, { unitPath: path.C2 }, requirePeriod('2026Q1'), ['households_reached'], 'month');
		expect(Object.fromEntries([...byMonth.entries()].map(([k, f]) => [k, f[0].value]))).toEqual({ '2026-01': 0, '2026-02': 1, '2026-03': 0 });
	});

	it('refuses a village head another village and a commune officer another commune', async () => {
		const ctx = (actor: typeof w.head11) => ({ db: database.db, actor });
		expect((await getIndicators(ctx(w.head11), 'C1-V1', '2026Q1', ['stories_published']))[0].value).toBe(1);
		await expect(getIndicators(ctx(w.head11), 'C1-V2', '2026Q1', ['stories_published'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getIndicators(ctx(w.officer1), 'C2', '2026Q1', ['feedback_received'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getIndicators(ctx(w.officer1), 'C1', 'Q1-2026', ['feedback_received'])).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});
