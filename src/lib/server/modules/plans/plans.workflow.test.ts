import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries, verifyAuditChain } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { at, buildPlan, buildPlanWorld } from './plans.fixtures';
import { getPlan, updatePlan } from './plans.service';
import { createPlanFromTemplate, findSection } from './plans.sources';
import { approvePlan, issuePlan, returnPlan, reviseIssuedPlan, submitPlan } from './plans.workflow';
import { allocateRegisterNumber } from './plans.repository';
import { plans } from './plans.tables';
import { updateTaskStatus } from './plans.tasks';
import type { PlanDocumentInput } from './plans.interchange';
import type { PlanView } from './plans.schemas';

const asDocument = (plan: PlanView) => plan as unknown as PlanDocumentInput;

describe.each(testDrivers)('plans workflow (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
	});
	afterAll(() => database.close());

	it('draft → submitted → returned with a comment → changed → submitted → approved → issued, each step audited', async () => {
		const officer = world.as(world.actors.officer, at('2026-02-03T02:00:00Z'));
		const leader = world.as(world.actors.leader, at('2026-02-03T02:00:00Z'));
		let plan = await createPlanFromTemplate(officer, { unitCode: 'C1', year: 2026 });
		plan = await submitPlan(officer, plan.id);
		expect(plan).toMatchObject({ status: 'submitted', actions: { edit: false, submit: false } });
		expect((await getPlan(leader, plan.id)).actions).toMatchObject({ approve: true, return: true, edit: false });
		await expect(updatePlan(officer, plan.id, asDocument(plan))).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.notDraft' });
		await expect(approvePlan(officer, plan.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

		plan = await returnPlan(leader, plan.id, { comment: 'Bổ sung chỉ tiêu về tờ rơi cho các thôn đặc biệt khó khăn.' });
		expect(plan).toMatchObject({ status: 'draft', returnComment: 'Bổ sung chỉ tiêu về tờ rơi cho các thôn đặc biệt khó khăn.' });
		const changed = { ...asDocument(plan), targets: plan.targets.map((t) => (t.indicator === 'leaflets_distributed' ? { ...t, value: 800 } : t)) };
		plan = await updatePlan(officer, plan.id, changed);
		expect(plan.targets.find((t) => t.indicator === 'leaflets_distributed')!.value).toBe(800);
		plan = await submitPlan(officer, plan.id);
		await expect(issuePlan(officer, plan.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.notApproved' });
		plan = await approvePlan(leader, plan.id);
		expect(plan).toMatchObject({ status: 'approved', returnComment: null, actions: { issue: true } });
		await expect(approvePlan(leader, plan.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.notSubmitted' });

		plan = await issuePlan(officer, plan.id);
		expect(plan).toMatchObject({ status: 'issued', number: '1', date: '2026-02-03', issuedOn: '2026-02-03', reference: '1/KH-UBND' });
		expect(plan.actions).toEqual({ edit: false, submit: false, return: false, approve: false, issue: false, revise: true });

		const { items } = await findAuditEntries(database.db, systemActor, { entityType: 'plan', entityId: plan.id, limit: 20, offset: 0 });
		expect(items.map((i) => i.entry.action).reverse()).toEqual([
			'plan.create',
			'plan.submit',
			'plan.return',
			'plan.update',
			'plan.submit',
			'plan.approve',
			'plan.issue'
		]);
		expect(items[0].entry.context).toMatchObject({ reference: '1/KH-UBND', registerYear: 2026 });
		expect((await verifyAuditChain(database.db)).ok).toBe(true);
	});

	it('issued plans are immutable: every write is a CONFLICT that says so', async () => {
		const plan = await buildPlan(database.db, { unitCode: 'C1', year: 2026, status: 'issued' });
		const officer = world.as(world.actors.officer);
		const leader = world.as(world.actors.leader);
		await expect(updatePlan(officer, plan.id, asDocument(plan))).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.issuedImmutable', params: { reference: plan.reference } });
		await expect(submitPlan(officer, plan.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.issuedImmutable' });
		await expect(returnPlan(leader, plan.id, { comment: 'Sửa lại' })).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.issuedImmutable' });
		await expect(approvePlan(leader, plan.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.issuedImmutable' });
		await expect(issuePlan(officer, plan.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.alreadyIssued' });
		const { trackedTasks: _, actions: __, ...unchanged } = plan;
		expect(await getPlan(officer, plan.id)).toMatchObject(unchanged);
	});

	it('numbers come from the unit’s register: 1, 2, 3 per unit, year (in Việt Nam) and symbol', async () => {
		const issue = async (unitCode: string, when: string, symbol = 'KH-UBND') => {
			const base = await buildPlan(database.db, { unitCode: unitCode, year: 2030 });
			const plan = symbol === base.symbol ? base : await updatePlan({ db: database.db, actor: systemActor }, base.id, { ...asDocument(base), symbol });
			const ctx = { db: database.db, actor: systemActor, now: at(when) };
			return issuePlan(ctx, (await approvePlan(ctx, (await submitPlan(ctx, plan.id)).id)).id);
		};
		const c2 = await issue('C2', '2030-03-01T01:00:00Z');
		expect(c2.reference).toBe('1/KH-UBND');
		expect((await issue('C2', '2030-03-02T01:00:00Z')).reference).toBe('2/KH-UBND');
		expect((await issue('C2', '2030-03-02T01:00:00Z')).reference).toBe('3/KH-UBND');
		expect((await issue('C2', '2030-03-03T01:00:00Z', 'KH-BCĐ')).reference).toBe('1/KH-BCĐ');
		expect((await issue('P2', '2030-03-03T01:00:00Z')).reference).toBe('1/KH-UBND');
		// 18:30 UTC on 31 December is already 1 January in Việt Nam: a new year, a new register.
		const newYear = await issue('C2', '2030-12-31T18:30:00Z');
		expect(newYear).toMatchObject({ reference: '1/KH-UBND', issuedOn: '2031-01-01', date: '2031-01-01' });
		expect((await issue('C2', '2030-12-31T16:00:00Z')).reference).toBe('4/KH-UBND');
	});

	it('a revision is a new draft version of the series; issuing it supersedes the old one and carries task statuses over', async () => {
		const officer = world.as(world.actors.officer, at('2026-04-01T02:00:00Z'));
		const leader = world.as(world.actors.leader, at('2026-04-01T02:00:00Z'));
		const v1 = await buildPlan(database.db, { unitCode: 'C1', year: 2026, status: 'issued' });
		const financeTask = v1.trackedTasks.find((t) => t.assigneeRole === 'finance_officer')!;
		await updateTaskStatus(world.as(world.actors.finance), financeTask.id, 'done');

		let v2 = await reviseIssuedPlan(officer, v1.id);
		expect(v2).toMatchObject({ status: 'draft', version: 2, seriesId: v1.seriesId, supersedesId: v1.id, number: null, date: null });
		expect(v2.trackedTasks.find((t) => t.text === financeTask.text)!.status).toBe('done');
		await expect(reviseIssuedPlan(officer, v1.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.revisionOpen' });
		expect((await getPlan(officer, v1.id)).actions.revise).toBe(false);
		expect((await getPlan(officer, v1.id)).status).toBe('issued');

		const doc = structuredClone(asDocument(v2));
		findSection(doc.sections as never, 'channels')!.items.push({ marker: '-', text: 'Thêm bản tin tiếng dân tộc trên loa truyền thanh các thôn vùng cao.', items: [] });
		v2 = await updatePlan(officer, v2.id, doc);
		// The finance task, done on the version in force meanwhile, stays done; a village task done now too.
		const villageTask = v1.trackedTasks.find((t) => t.assigneeRole === 'village_head')!;
		await updateTaskStatus(world.as(world.actors.village), villageTask.id, 'done');
		v2 = await issuePlan(officer, (await approvePlan(leader, (await submitPlan(officer, v2.id)).id)).id);
		expect(v2).toMatchObject({ status: 'issued', version: 2, issuedOn: '2026-04-01' });
		expect(Number(v2.number)).toBe(Number(v1.number) + 1);
		const old = await getPlan(officer, v1.id);
		expect(old).toMatchObject({ status: 'superseded', number: v1.number });
		expect(old.versions.map((v) => [v.version, v.status])).toEqual([
			[1, 'superseded'],
			[2, 'issued']
		]);
		const statuses = Object.fromEntries(v2.trackedTasks.map((t) => [t.text, t.status]));
		expect(statuses[financeTask.text]).toBe('done');
		expect(statuses[villageTask.text]).toBe('done');
		await expect(reviseIssuedPlan(officer, v1.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'plan.notCurrent' });
		await expect(updateTaskStatus(world.as(world.actors.finance), financeTask.id, 'open')).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'task.notTracked' });
	});
});

describe.each(testDrivers)('plans: register numbers under concurrent issues (%s)', (driver) => {
	let database: Database;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		await buildPlanWorld(database.db);
	});
	afterAll(() => database.close());

	it('40 approved plans issued at once get exactly 1…40, and the same plan issued twice at once gets one number', async () => {
		const ctx = { db: database.db, actor: systemActor, now: at('2029-05-05T03:00:00Z') };
		const plans: PlanView[] = [];
		for (let i = 0; i < 40; i++) plans.push(await buildPlan(database.db, { unitCode: 'C1', year: 2029, status: 'approved' }));
		const issued = await Promise.all(plans.map((p) => issuePlan(ctx, p.id)));
		expect(issued.map((p) => Number(p.number)).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		expect(new Set(issued.map((p) => p.reference)).size).toBe(40);

		const twice = await buildPlan(database.db, { unitCode: 'C1', year: 2029, status: 'approved' });
		const outcomes = await Promise.allSettled([issuePlan(ctx, twice.id), issuePlan(ctx, twice.id)]);
		expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', messageKey: 'plan.alreadyIssued' });
		expect((await getPlan(ctx, twice.id)).number).toBe('41');
	});

	it('a transaction that fails after taking a number gives it back: no gap', async () => {
		const ctx = { db: database.db, actor: systemActor, now: at('2032-01-10T03:00:00Z') };
		const first = await issuePlan(ctx, (await buildPlan(database.db, { unitCode: 'C2', year: 2032, status: 'approved' })).id);
		expect(first.number).toBe('1');
		const failed = database.db.transaction(async (tx) => {
			const [{ unitId }] = await tx.select({ unitId: plans.unitId }).from(plans).where(eq(plans.id, first.id));
			expect(await allocateRegisterNumber(tx, unitId, 2032, 'KH-UBND')).toBe(2);
			throw new Error('the rest of the issue failed');
		});
		await expect(failed).rejects.toThrow('the rest of the issue failed');
		const next = await issuePlan(ctx, (await buildPlan(database.db, { unitCode: 'C2', year: 2032, status: 'approved' })).id);
		expect(next.number).toBe('2');
	});
});
