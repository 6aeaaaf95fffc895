import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { at, buildPlan, buildPlanWorld } from './plans.fixtures';
import { createPlan, findPlanCascades, findPlans, getPlan, updatePlan } from './plans.service';
import { cascadePlan, copyPlan, createPlanFromTemplate, findSection } from './plans.sources';
import { approvePlan, issuePlan, submitPlan } from './plans.workflow';
import type { PlanDocumentInput } from './plans.interchange';

describe.each(testDrivers)('plans: create from a template, a parent plan, last year, a document (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
	});
	afterAll(() => database.close());

	it('writes a commune plan from the template: issuer and parent from the tree, sections in the seeds’ order, targets, tasks with roles', async () => {
		const plan = await createPlanFromTemplate(world.as(world.actors.officer), { unitCode: 'C1', year: 2026 });
		expect(plan).toMatchObject({
			status: 'draft',
			version: 1,
			unit: 'C1',
			issuer: 'UBND xã Một',
			parentIssuer: 'UBND tỉnh Một',
			place: 'Một',
			symbol: 'KH-UBND',
			number: null,
			period: { from: 2026, to: 2026 },
			signer: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH' }
		});
		expect(plan.title).toContain('xã Một năm 2026');
		expect(plan.sections.map((s) => [s.number, s.kind])).toEqual([
			['I', 'purposes_requirements'],
			['II', 'audiences_scope'],
			['III', 'content_channels_solutions'],
			['IV', 'funding'],
			['V', 'assignments']
		]);
		expect(findSection(plan.sections, 'scope')!.items.map((i) => i.text).join(' ')).toContain('xã Một');
		expect(plan.targets.map((t) => t.indicator)).toEqual(expect.arrayContaining(['bulletins_broadcast', 'dialogues_held', 'share_poor_reached']));
		expect(plan.targets.find((t) => t.indicator === 'bulletins_broadcast')).toMatchObject({ period: 'month', value: 4 });
		const roles = new Set(plan.trackedTasks.map((t) => t.assigneeRole));
		expect(roles).toEqual(new Set(['commune_officer', 'finance_officer', 'village_head', 'organisation_member', 'commune_leader']));
		expect(plan.trackedTasks.every((t) => t.status === 'open')).toBe(true);
		expect(plan.trackedTasks.some((t) => t.due === '2026-01-31')).toBe(true);
		// Every assignment of section V is a task, in the same words.
		const assignmentTexts = findSection(plan.sections, 'assignments')!.sections.flatMap((s) => s.items.map((i) => `${s.heading}|${i.text}`));
		expect(plan.tasks.map((t) => `${t.assignee}|${t.text}`)).toEqual(assignmentTexts);
		expect(plan.actions).toEqual({ edit: true, submit: true, return: false, approve: false, issue: false, revise: false });
	});

	it('writes a province plan with the province’s own scope and a multi-year period', async () => {
		const plan = await createPlanFromTemplate(world.as(world.actors.province), { unitCode: 'P1', years: { from: 2026, to: 2030 } });
		expect(plan).toMatchObject({ issuer: 'UBND tỉnh Một', parentIssuer: null, period: { from: 2026, to: 2030 } });
		expect(plan.title).toContain('giai đoạn 2026 - 2030');
		expect(plan.targets.every((t) => t.period === 'year' || t.period === 'month')).toBe(true);
		expect(plan.trackedTasks.find((t) => t.assignee === 'UBND các xã, phường')?.assigneeRole).toBe('commune_leader');
	});

	it('cascades a commune plan from the province’s issued plan: its themes, channels, solutions and targets, the province plan as first basis', async () => {
		const province = await buildPlan(database.db, { unitCode: 'P1', year: 2026, status: 'issued', now: at('2026-01-08T03:00:00Z') });
		const changed = structuredClone(province);
		findSection(changed.sections, 'themes')!.items.push({ marker: 'g)', text: 'Nội dung riêng của tỉnh về chuyển đổi số.', items: [] });
		const plan = await cascadePlan(world.as(world.actors.officer), { parentPlanId: province.id, unitCode: 'C1' });
		expect(plan).toMatchObject({ unit: 'C1', issuer: 'UBND xã Một', sourcePlanId: province.id, basisPlanIds: [province.id], period: { from: 2026, to: 2026 } });
		expect(plan.bases[0]).toMatchObject({ type: 'plan', number: `${province.number}/KH-UBND`, date: '2026-01-08', issuer: 'UBND tỉnh Một', planId: province.id });
		expect(plan.bases[0].text).toMatch(/^Kế hoạch số \d+\/KH-UBND ngày 08\/01\/2026 của UBND tỉnh Một truyền thông/);
		for (const kind of ['themes', 'channels', 'solutions'] as const) expect(findSection(plan.sections, kind)!.items).toEqual(findSection(province.sections, kind)!.items);
		expect(plan.targets).toEqual(province.targets);
		// The scope is the commune's own territory, not the province's.
		expect(findSection(plan.sections, 'scope')!.items[0].text).toContain('xã Một');
		// The province sees the commune's draft among the plans that follow its own; the other province does not.
		const cascades = await findPlanCascades(world.as(world.actors.province), province.id, { limit: 50, offset: 0 });
		expect(cascades.items.map((p) => p.id)).toEqual([plan.id]);
		const listed = await findPlans(world.as(world.actors.province), { cascadedFrom: province.id, limit: 50, offset: 0 });
		expect(listed.items.map((p) => p.id)).toEqual([plan.id]);
	});

	it('refuses to cascade from a plan that is not issued, from a unit not above, or into a unit out of reach', async () => {
		const draft = await buildPlan(database.db, { unitCode: 'P1', year: 2027 });
		await expect(cascadePlan(world.as(world.actors.admin), { parentPlanId: draft.id, unitCode: 'C1' })).rejects.toMatchObject({ code: 'CONFLICT' });
		const issued = await buildPlan(database.db, { unitCode: 'P1', year: 2027, status: 'issued' });
		await expect(cascadePlan(world.as(world.actors.admin), { parentPlanId: issued.id, unitCode: 'C2' })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'plan.cascadeNotAbove' });
		await expect(cascadePlan(world.as(world.actors.otherOfficer), { parentPlanId: issued.id, unitCode: 'C1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(cascadePlan(world.as(world.actors.officer), { parentPlanId: '00000000-0000-4000-8000-000000000000', unitCode: 'C1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('copies last year’s plan with years shifted: period, title, scope, targets, due dates; dates of cited documents stay', async () => {
		const doc = (await buildPlan(database.db, { unitCode: 'C1', year: 2025 })) as unknown as PlanDocumentInput;
		const withCitation = structuredClone(doc);
		findSection(withCitation.sections as never, 'themes')!.items.push({ marker: '-', text: 'Thực hiện Kế hoạch số 58/KH-UBND ngày 15/6/2025 và Quyết định 1234/QĐ-UBND ngày 2.3.2025.', items: [] });
		withCitation.targets = [...(doc.targets ?? []), { indicator: 'dialogues_held', period: '2025Q2', value: 1, note: null }];
		const last = await createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: withCitation });
		const copy = await copyPlan(world.as(world.actors.officer), { planId: last.id });
		expect(copy).toMatchObject({ status: 'draft', version: 1, sourcePlanId: last.id, period: { from: 2026, to: 2026 }, number: null, date: null });
		expect(copy.seriesId).not.toBe(last.seriesId);
		expect(copy.title).toContain('năm 2026');
		expect(findSection(copy.sections, 'scope')!.items.map((i) => i.text)).toContain('Thời gian: năm 2026.');
		expect(copy.targets.map((t) => t.period)).toContain('2026Q2');
		expect(copy.targets.filter((t) => t.period === '2026').length).toBe(last.targets.filter((t) => t.period === '2025').length);
		expect(copy.tasks.map((t) => t.due).filter(Boolean).every((d) => d!.startsWith('2026-'))).toBe(true);
		// Themes cite other documents: left as written.
		expect(findSection(copy.sections, 'themes')!.items.at(-1)!.text).toBe('Thực hiện Kế hoạch số 58/KH-UBND ngày 15/6/2025 và Quyết định 1234/QĐ-UBND ngày 2.3.2025.');
		const further = await copyPlan(world.as(world.actors.officer), { planId: last.id, year: 2028 });
		expect(further.period).toEqual({ from: 2028, to: 2028 });
		await expect(copyPlan(world.as(world.actors.otherOfficer), { planId: last.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('stores a document as a draft with targets and tasks; unknown indicators and codes are a VALIDATION with their path', async () => {
		const template = (await buildPlan(database.db, { unitCode: 'C1' })) as unknown as PlanDocumentInput;
		const bad = { ...template, targets: [{ indicator: 'no_such_indicator', period: '2026', value: 1 }], channels: ['loudspeaker', 'pigeon'] };
		const error = await createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: bad }).catch((e) => e);
		expect(error.name).toBe('ZodError');
		expect(error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual(['targets.0.indicator', 'channels.1']);
		const twice = { ...template, targets: [{ indicator: 'trainees', period: '2026', value: 1 }, { indicator: 'trainees', period: '2026', value: 2 }] };
		await expect(createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: twice })).rejects.toMatchObject({ issues: [{ path: ['targets', 1, 'period'] }] });
		const nul = { ...template, title: 'Kế hoạch\u0000' };
		await expect(createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: nul })).rejects.toMatchObject({ issues: [{ path: ['title'], message: 'plan.badText' }] });
		const ghost = { ...template, bases: [{ text: 'Kế hoạch không có', planId: '00000000-0000-4000-8000-000000000000' }] };
		await expect(createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: ghost })).rejects.toMatchObject({ issues: [{ path: ['bases', 0, 'planId'] }] });
		await expect(createPlan(world.as(world.actors.officer), { unitCode: 'NOPE', document: template })).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: { issuer: '' } as never })).rejects.toMatchObject({ name: 'ZodError' });

		const plan = await createPlan(world.as(world.actors.officer), { unitCode: 'C1', document: template });
		expect(plan.targets).toEqual(template.targets);
		expect(plan.trackedTasks).toHaveLength(template.tasks!.length);
		const [entry] = (await findAuditEntries(database.db, systemActor, { entityType: 'plan', entityId: plan.id, limit: 5, offset: 0 })).items;
		expect(entry.entry).toMatchObject({ action: 'plan.create', context: { source: 'document' } });
	});
});

describe.each(testDrivers)('plans: who reads and who writes (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildPlanWorld>>;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildPlanWorld(database.db);
	});
	afterAll(() => database.close());

	it('an officer of one commune can neither read the other commune’s draft nor change any of its plans', async () => {
		const draft = await buildPlan(database.db, { unitCode: 'C2' });
		const issued = await buildPlan(database.db, { unitCode: 'C2', year: 2025, status: 'issued' });
		const mine = world.as(world.actors.officer);
		await expect(getPlan(mine, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updatePlan(mine, draft.id, draft as unknown as PlanDocumentInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(submitPlan(mine, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createPlanFromTemplate(mine, { unitCode: 'C2' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createPlan(mine, { unitCode: 'C2', document: draft as unknown as PlanDocumentInput })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(copyPlan(mine, { planId: issued.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// An issued plan is a public document: readable, still not writable.
		expect((await getPlan(mine, issued.id)).status).toBe('issued');
		const listed = await findPlans(mine, { limit: 200, offset: 0 });
		expect(listed.items.map((p) => p.id)).toContain(issued.id);
		expect(listed.items.map((p) => p.id)).not.toContain(draft.id);
		expect((await getPlan(world.as(world.actors.otherOfficer), draft.id)).actions.edit).toBe(true);
	});

	it('a village head, a finance officer and an organisation member read their commune’s drafts but cannot edit plans', async () => {
		const draft = await buildPlan(database.db, { unitCode: 'C1' });
		for (const actor of [world.actors.village, world.actors.finance, world.actors.organisation]) {
			const ctx = world.as(actor);
			// The village head's grant is on a village: the commune's draft is above its reach.
			if (actor === world.actors.village) await expect(getPlan(ctx, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
			else expect((await getPlan(ctx, draft.id)).actions).toEqual({ edit: false, submit: false, return: false, approve: false, issue: false, revise: false });
			await expect(updatePlan(ctx, draft.id, draft as unknown as PlanDocumentInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(createPlanFromTemplate(ctx, { unitCode: 'C1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
			await expect(submitPlan(ctx, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
	});

	it('the province officer reads the communes’ drafts but neither edits, approves nor issues them', async () => {
		const plan = await buildPlan(database.db, { unitCode: 'C1', status: 'submitted' });
		const ctx = world.as(world.actors.province);
		expect((await getPlan(ctx, plan.id)).status).toBe('submitted');
		await expect(approvePlan(ctx, plan.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const approved = await approvePlan(world.as(world.actors.leader), plan.id);
		await expect(issuePlan(ctx, approved.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const inProvince = await findPlans(ctx, { unit: 'P1', limit: 200, offset: 0 });
		expect(inProvince.items.map((p) => p.id)).toContain(plan.id);
	});

	it('lists by unit, status, year and words of the title; ids that are not uuids are NOT_FOUND', async () => {
		const plan = await buildPlan(database.db, { unitCode: 'C1', year: 2031, status: 'issued' });
		const ctx = world.as(world.actors.officer);
		const found = await findPlans(ctx, { unit: 'C1', status: 'issued', year: 2031, q: 'năm 2031', limit: 10, offset: 0 });
		expect(found.items.map((p) => p.id)).toEqual([plan.id]);
		expect(found.items[0]).toMatchObject({ unit: 'C1', reference: plan.reference, period: { from: 2031, to: 2031 } });
		expect((await findPlans(ctx, { q: plan.reference!, unit: 'C1', limit: 10, offset: 0 })).items.map((p) => p.id)).toContain(plan.id);
		expect((await findPlans(ctx, { year: 2031, status: 'draft', limit: 10, offset: 0 })).items).toEqual([]);
		await expect(getPlan(ctx, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(findPlans(ctx, { unit: 'NOPE', limit: 10, offset: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});
