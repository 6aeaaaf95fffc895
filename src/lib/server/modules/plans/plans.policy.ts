import type { Actor, Grant } from '../../access/actor';
import { can, isGlobal } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { rolePermissions } from '../../access/roles';

/** Issued plans, and the versions they replaced, are public documents. */
export const publicStatuses = ['issued', 'superseded'] as const;

interface PlanUnit {
	id: string;
	path: string;
}

/** Drafts are read within the reach of `plans.read`; issued plans by any signed-in actor. */
export function canReadPlan(actor: Actor, plan: { status: string }, unit: Pick<PlanUnit, 'path'>): boolean {
	return (publicStatuses as readonly string[]).includes(plan.status) || can(actor, 'plans.read', unit.path);
}

/**
 * A plan is the unit's own document: it is drafted, approved and issued by people whose grant is
 * on that unit (a province officer reads the communes' plans but does not write them). Only an
 * administrator's grant reaches the units below it for writing.
 */
function holdsOnUnit(actor: Actor, permission: Permission, unit: PlanUnit): boolean {
	return actor.grants.some(
		(g: Grant) =>
			rolePermissions[g.role].includes(permission) &&
			(isGlobal(g) || g.unitId === unit.id || (g.role === 'admin' && unit.path.startsWith(g.unitPath!)))
	);
}

/** Draft, change, submit, cascade into, copy and revise the unit's plans. */
export const canEditPlans = (actor: Actor, unit: PlanUnit) => holdsOnUnit(actor, 'plans.edit', unit);
/** Approve or return the unit's plans: the commune's leader, the province officer for the province plan. */
export const canApprovePlans = (actor: Actor, unit: PlanUnit) => holdsOnUnit(actor, 'plans.approve', unit);
/** Issue the unit's approved plans, taking a number from its document register. */
export const canIssuePlans = (actor: Actor, unit: PlanUnit) => holdsOnUnit(actor, 'plans.issue', unit);

/** Grants on the task's unit or above it reach it; so do grants below it (a village of the commune). */
const related = (grantPath: string, taskUnitPath: string) => taskUnitPath.startsWith(grantPath) || grantPath.startsWith(taskUnitPath);

/** The actor holds the task's assignee role on a related unit. Mirrors `assignedToActor` in SQL. */
export function holdsAssigneeRole(actor: Actor, role: string | null, taskUnitPath: string): boolean {
	return !!role && actor.grants.some((g) => g.role === role && g.unitPath !== null && related(g.unitPath, taskUnitPath));
}

/** Task statuses are changed by the assignee's role holders (`tasks.work`) and by those who edit the unit's plans. */
export function canUpdateTask(actor: Actor, task: { assigneeRole: string | null }, unit: PlanUnit): boolean {
	return (
		canEditPlans(actor, unit) ||
		actor.grants.some(
			(g) => g.role === task.assigneeRole && g.unitPath !== null && rolePermissions[g.role].includes('tasks.work') && related(g.unitPath, unit.path)
		)
	);
}
