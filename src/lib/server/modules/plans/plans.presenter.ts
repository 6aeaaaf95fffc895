import type { Actor } from '../../access/actor';
import type { PlanWithUnit, TaskWithPlan } from './plans.repository';
import type { PlanActions, PlanStatus, PlanSummary, PlanView, TaskStatus, TaskView } from './plans.schemas';
import { canApprovePlans, canEditPlans, canIssuePlans, canUpdateTask, holdsAssigneeRole } from './plans.policy';

/** "12/KH-UBND" once a register number is given. */
export const referenceOf = (number: number | null, symbol: string) => (number === null ? null : `${number}/${symbol}`);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentPlanSummary({ plan, unitCode, unitName }: PlanWithUnit): PlanSummary {
	return {
		id: plan.id,
		unit: unitCode,
		unitName,
		status: plan.status as PlanStatus,
		version: plan.version,
		seriesId: plan.seriesId,
		title: plan.title,
		issuer: plan.document.issuer,
		period: plan.periodFrom !== null && plan.periodTo !== null ? { from: plan.periodFrom, to: plan.periodTo } : null,
		reference: referenceOf(plan.number, plan.symbol),
		issuedOn: plan.issuedOn,
		updatedAt: plan.updatedAt.toISOString()
	};
}

/** What the actor may do with the plan in its present state. */
export function planActions(actor: Actor, row: PlanWithUnit, hasOpenVersion: boolean): PlanActions {
	const unit = { id: row.plan.unitId, path: row.unitPath };
	const status = row.plan.status;
	return {
		edit: status === 'draft' && canEditPlans(actor, unit),
		submit: status === 'draft' && canEditPlans(actor, unit),
		return: (status === 'submitted' || status === 'approved') && canApprovePlans(actor, unit),
		approve: status === 'submitted' && canApprovePlans(actor, unit),
		issue: status === 'approved' && canIssuePlans(actor, unit),
		revise: status === 'issued' && !hasOpenVersion && canEditPlans(actor, unit)
	};
}

export function presentTask(actor: Actor, row: TaskWithPlan, today: string): TaskView {
	const { task } = row;
	const status = task.status as TaskStatus;
	return {
		id: task.id,
		planId: task.planId,
		planTitle: row.planTitle,
		planReference: referenceOf(row.planNumber, row.planSymbol),
		unit: row.unitCode,
		unitName: row.unitName,
		assignee: task.assignee,
		assigneeRole: task.assigneeRole,
		text: task.text,
		due: task.due,
		status,
		overdue: status !== 'done' && task.due !== null && task.due < today,
		doneAt: iso(task.doneAt),
		mine: holdsAssigneeRole(actor, task.assigneeRole, row.unitPath),
		canUpdate: row.planStatus === 'issued' && canUpdateTask(actor, task, { id: task.unitId, path: row.unitPath })
	};
}

export interface PlanViewParts {
	versions: { id: string; version: number; status: string; number: number | null; symbol: string; issuedOn: string | null }[];
	tasks: TaskWithPlan[];
	hasOpenVersion: boolean;
	today: string;
}

/** One plan: its document's fields at the top level, the record's fields beside them. */
export function presentPlan(actor: Actor, row: PlanWithUnit, parts: PlanViewParts): PlanView {
	const { plan } = row;
	return {
		// Stored as PlanDocument.parse left it (every write checks it), so no second parse per read.
		...plan.document,
		id: plan.id,
		unit: row.unitCode,
		unitName: row.unitName,
		status: plan.status as PlanStatus,
		version: plan.version,
		seriesId: plan.seriesId,
		supersedesId: plan.supersedesId,
		sourcePlanId: plan.sourcePlanId,
		basisPlanIds: plan.basisPlanIds,
		reference: referenceOf(plan.number, plan.symbol),
		issuedOn: plan.issuedOn,
		returnComment: plan.returnComment,
		createdAt: plan.createdAt.toISOString(),
		updatedAt: plan.updatedAt.toISOString(),
		submittedAt: iso(plan.submittedAt),
		approvedAt: iso(plan.approvedAt),
		issuedAt: iso(plan.issuedAt),
		versions: parts.versions.map((v) => ({
			id: v.id,
			version: v.version,
			status: v.status as PlanStatus,
			reference: referenceOf(v.number, v.symbol),
			issuedOn: v.issuedOn
		})),
		trackedTasks: parts.tasks.map((t) => presentTask(actor, t, parts.today)),
		actions: planActions(actor, row, parts.hasOpenVersion)
	};
}
