import type { Db } from '../db/client';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import type { PlanCtx } from '../modules/plans/plans.service';
import { updatePlan } from '../modules/plans/plans.service';
import { cascadePlan, createPlanFromTemplate, findSection } from '../modules/plans/plans.sources';
import { approvePlan, issuePlan, returnPlan, reviseIssuedPlan, submitPlan } from '../modules/plans/plans.workflow';
import { updateTaskStatus } from '../modules/plans/plans.tasks';
import type { PlanDocumentInput, PlanSection } from '../modules/plans/plans.interchange';
import type { PlanView } from '../modules/plans/plans.schemas';

/**
 * Demo plans, made by the demo accounts through the plan services on the dates they would have
 * done it: Thanh Hóa's province plan for 2026, issued; Hà Bình's 2026 plan cascaded from it,
 * returned once with a comment, then approved and issued; Hà Bình's 2025 plan, issued and later
 * superseded by a revision (so versions can be compared); Đa Quyn's 2026 plan still a draft;
 * and tasks with due dates, some done. The wording added here is the project's own.
 */
export async function seedPlans(db: Db): Promise<void> {
	const as = async (username: string, when: string): Promise<PlanCtx> => {
		const actor = await actorForUser(db, await getUserByUsername(db, username), 'system');
		return { db, actor, now: () => new Date(when) };
	};
	const edit = (plan: PlanView, change: (doc: PlanDocumentInput & { sections: PlanSection[] }) => void) => {
		const doc = structuredClone(plan) as unknown as PlanDocumentInput & { sections: PlanSection[] };
		change(doc);
		return doc;
	};
	const task = (plan: PlanView, role: string, index = 0) => plan.trackedTasks.filter((t) => t.assigneeRole === role)[index];

	// Thanh Hóa: the province plan that the communes follow.
	let province = await createPlanFromTemplate(await as('tinh.thanhhoa', '2026-01-05T02:00:00Z'), { unitCode: '38', year: 2026 });
	province = await submitPlan(await as('tinh.thanhhoa', '2026-01-06T02:00:00Z'), province.id);
	province = await approvePlan(await as('tinh.thanhhoa', '2026-01-07T02:00:00Z'), province.id);
	province = await issuePlan(await as('tinh.thanhhoa', '2026-01-08T02:00:00Z'), province.id);

	// Hà Bình 2026: cascaded from the province plan, returned once, then approved and issued.
	const officer = (when: string) => as('canbo.habinh', when);
	const chair = (when: string) => as('chutich.habinh', when);
	let habinh = await cascadePlan(await officer('2026-01-12T02:00:00Z'), { parentPlanId: province.id, unitCode: '16108' });
	habinh = await submitPlan(await officer('2026-01-13T02:00:00Z'), habinh.id);
	habinh = await returnPlan(await chair('2026-01-14T02:00:00Z'), habinh.id, {
		comment: 'Bổ sung việc phát bản tin ở các thôn vùng xa và ghi rõ thời gian đối thoại chính sách.'
	});
	habinh = await updatePlan(
		await officer('2026-01-15T02:00:00Z'),
		habinh.id,
		edit(habinh, (doc) => {
			findSection(doc.sections, 'channels')!.items.push({
				marker: '-',
				text: 'Thôn Bái Xuân và Thôn Trung Hòa ở xa trung tâm: phát bản tin qua loa của thôn vào buổi tối, sau giờ làm đồng.',
				items: []
			});
			doc.tasks = [...(doc.tasks ?? []), { assignee: 'Chủ tịch, các Phó Chủ tịch UBND xã', text: 'Chủ trì đối thoại chính sách tại nhà văn hóa Thôn Bình Lâm.', due: '2026-05-15' }];
		})
	);
	habinh = await submitPlan(await officer('2026-01-16T02:00:00Z'), habinh.id);
	habinh = await approvePlan(await chair('2026-01-19T02:00:00Z'), habinh.id);
	habinh = await issuePlan(await officer('2026-01-20T02:00:00Z'), habinh.id);
	await updateTaskStatus(await as('ketoan.habinh', '2026-02-20T02:00:00Z'), task(habinh, 'finance_officer').id, 'done');
	await updateTaskStatus(await officer('2026-01-30T02:00:00Z'), task(habinh, 'commune_officer').id, 'done');
	await updateTaskStatus(await officer('2026-03-02T02:00:00Z'), task(habinh, 'commune_officer', 1).id, 'in_progress');
	await updateTaskStatus(await as('truongthon.habinh', '2026-03-25T02:00:00Z'), task(habinh, 'village_head').id, 'done');

	// Hà Bình 2025: issued in January, revised in June (dialogues moved, one more channel).
	let last = await createPlanFromTemplate(await officer('2025-01-06T02:00:00Z'), { unitCode: '16108', year: 2025 });
	last = await submitPlan(await officer('2025-01-07T02:00:00Z'), last.id);
	last = await approvePlan(await chair('2025-01-09T02:00:00Z'), last.id);
	last = await issuePlan(await officer('2025-01-10T02:00:00Z'), last.id);
	await updateTaskStatus(await as('ketoan.habinh', '2025-02-25T02:00:00Z'), task(last, 'finance_officer').id, 'done');
	await updateTaskStatus(await as('truongthon.habinh', '2025-03-28T02:00:00Z'), task(last, 'village_head').id, 'done');
	let revision = await reviseIssuedPlan(await officer('2025-06-02T02:00:00Z'), last.id);
	revision = await updatePlan(
		await officer('2025-06-03T02:00:00Z'),
		revision.id,
		edit(revision, (doc) => {
			const channels = findSection(doc.sections, 'channels')!;
			channels.items = channels.items.map((i) => (i.text.startsWith('Đối thoại chính sách') ? { ...i, text: 'Đối thoại chính sách với người dân mỗi quý một lần, luân phiên ở các thôn.' } : i));
			channels.items.push({ marker: '-', text: 'Nhóm Zalo của từng thôn để nhắc lịch họp và trả lời câu hỏi của người dân.', items: [] });
			doc.targets = (doc.targets ?? []).map((t) => (t.indicator === 'dialogues_held' ? { ...t, value: 4 } : t));
		})
	);
	revision = await submitPlan(await officer('2025-06-04T02:00:00Z'), revision.id);
	revision = await approvePlan(await chair('2025-06-05T02:00:00Z'), revision.id);
	await issuePlan(await officer('2025-06-06T02:00:00Z'), revision.id);

	// Đa Quyn 2026: a draft the commune officer is still writing.
	await createPlanFromTemplate(await as('canbo.daquyn', '2026-01-10T02:00:00Z'), { unitCode: '24997', year: 2026 });
}
