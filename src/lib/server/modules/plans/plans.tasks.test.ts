import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { at, buildPlan, buildPlanWorld } from './plans.fixtures';
import { findMyTasks, updateTaskStatus } from './plans.tasks';
import type { PlanView } from './plans.schemas';

describe.each(testDrivers)('plan tasks (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	let mine: PlanView;
	let other: PlanView;
	let draft: PlanView;
	const june = at('2026-06-25T03:00:00Z');
	const open = { status: 'open' as const, limit: 500, offset: 0 };
	const taskOf = (plan: PlanView, role: string) => plan.trackedTasks.find((t) => t.assigneeRole === role)!;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
		mine = await buildPlan(database.db, { unitCode: 'C1', year: 2026, status: 'issued' });
		other = await buildPlan(database.db, { unitCode: 'C2', year: 2026, status: 'issued' });
		draft = await buildPlan(database.db, { unitCode: 'C1', year: 2027 });
	});
	afterAll(() => database.close());

	it('each role holder sees the open tasks of plans in force assigned to their role, with due dates and overdue flags', async () => {
		const village = await findMyTasks(world.as(world.actors.village, june), open);
		expect(village.items.length).toBeGreaterThan(0);
		expect(village.items.every((t) => t.assigneeRole === 'village_head' && t.unit === 'C1' && t.mine && t.canUpdate)).toBe(true);
		expect(village.items.map((t) => t.planId)).not.toContain(draft.id);
		expect(village.items.find((t) => t.due === '2026-03-31')).toMatchObject({ overdue: true, planReference: mine.reference });

		const finance = await findMyTasks(world.as(world.actors.finance, june), open);
		expect(finance.items.map((t) => [t.assigneeRole, t.due, t.overdue])).toEqual([
			['finance_officer', '2026-02-28', true],
			['finance_officer', '2026-12-31', false]
		]);
		const organisation = await findMyTasks(world.as(world.actors.organisation, june), open);
		expect(new Set(organisation.items.map((t) => t.assigneeRole))).toEqual(new Set(['organisation_member']));
		const leader = await findMyTasks(world.as(world.actors.leader, june), open);
		expect(new Set(leader.items.map((t) => t.assigneeRole))).toEqual(new Set(['commune_leader']));
		// Nobody sees the other commune's tasks as theirs.
		expect([village, finance, organisation, leader].flatMap((r) => r.items).some((t) => t.planId === other.id)).toBe(false);
	});

	it('those who edit plans see every task within reach; `mine` keeps only their role’s', async () => {
		const officer = await findMyTasks(world.as(world.actors.officer, june), open);
		expect(new Set(officer.items.map((t) => t.planId))).toEqual(new Set([mine.id]));
		expect(officer.items).toHaveLength(mine.trackedTasks.length);
		const own = await findMyTasks(world.as(world.actors.officer, june), { ...open, mine: true });
		expect(own.items.every((t) => t.assigneeRole === 'commune_officer')).toBe(true);
		const province = await findMyTasks(world.as(world.actors.province, june), open);
		expect(new Set(province.items.map((t) => t.planId))).toEqual(new Set([mine.id]));
		expect(province.items.every((t) => !t.canUpdate)).toBe(true);
		const admin = await findMyTasks(world.as(world.actors.admin, june), open);
		expect(new Set(admin.items.map((t) => t.planId))).toEqual(new Set([mine.id, other.id]));
	});

	it('the assignee’s role holders and the commune’s officer change a status; nobody else does', async () => {
		const villageTask = taskOf(mine, 'village_head');
		const done = await updateTaskStatus(world.as(world.actors.village, june), villageTask.id, 'done');
		expect(done).toMatchObject({ status: 'done', overdue: false, doneAt: '2026-06-25T03:00:00.000Z' });
		const listed = await findMyTasks(world.as(world.actors.village, june), { ...open, status: 'done' });
		expect(listed.items.map((t) => t.id)).toEqual([villageTask.id]);
		expect((await updateTaskStatus(world.as(world.actors.officer, june), villageTask.id, 'in_progress')).status).toBe('in_progress');

		const financeTask = taskOf(mine, 'finance_officer');
		for (const actor of [world.actors.village, world.actors.organisation, world.actors.province, world.actors.otherOfficer, world.actors.otherVillage])
			await expect(updateTaskStatus(world.as(actor), financeTask.id, 'done')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateTaskStatus(world.as(world.actors.otherVillage), villageTask.id, 'done')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateTaskStatus(world.as(world.actors.finance), '00000000-0000-4000-8000-000000000000', 'done')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(updateTaskStatus(world.as(world.actors.finance), 'x', 'done')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		// Tasks of a draft are not tracked yet.
		await expect(updateTaskStatus(world.as(world.actors.officer), taskOf(draft, 'finance_officer').id, 'done')).rejects.toMatchObject({ code: 'CONFLICT' });

		const { items } = await findAuditEntries(database.db, systemActor, { entityType: 'plan_task', entityId: villageTask.id, limit: 10, offset: 0 });
		expect(items.map((i) => [i.entry.action, (i.entry.after as { status: string }).status])).toEqual([
			['task.status', 'in_progress'],
			['task.status', 'done']
		]);
	});
});
