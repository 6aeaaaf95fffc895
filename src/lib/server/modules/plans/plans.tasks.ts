import { AppError, forbidden, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectTaskById, selectTasks, updateTaskRow } from './plans.repository';
import { canUpdateTask } from './plans.policy';
import { presentTask } from './plans.presenter';
import type { TaskListQuery, TaskStatus, TaskView } from './plans.schemas';
import { localDate } from './plans.dates';
import { isUuid, nowOf, type PlanCtx } from './plans.service';

/**
 * The assignments of issued plans, tracked as tasks: each holder of the assignee's role sees
 * them in the workspace with due date, status and whether they are overdue.
 */

/**
 * Open tasks of plans in force assigned to a role the actor holds (on the plan's unit, a unit
 * above it, or a village below it) and, for those who edit plans, every task within reach.
 * `mine` keeps only the first kind; `status` picks open (default), done or all.
 */
export async function findMyTasks(ctx: PlanCtx, query: TaskListQuery) {
	const today = localDate(nowOf(ctx));
	const { items, hasMore } = await selectTasks(ctx.db, ctx.actor, query);
	return { items: items.map((row) => presentTask(ctx.actor, row, today)), hasMore, limit: query.limit, offset: query.offset };
}

/**
 * Sets a task's status (open, in_progress, done): by a holder of the assignee's role with
 * `tasks.work`, or by whoever edits the unit's plans. Only tasks of the plan in force change.
 */
export async function updateTaskStatus(ctx: PlanCtx, taskId: string, status: TaskStatus): Promise<TaskView> {
	return ctx.db.transaction(async (tx) => {
		const row = isUuid(taskId) ? await selectTaskById(tx, taskId, { forUpdate: true }) : undefined;
		if (!row) throw notFound('task.notFound');
		const unit = { id: row.task.unitId, path: row.unitPath };
		if (!canUpdateTask(ctx.actor, row.task, unit)) throw forbidden();
		if (row.planStatus !== 'issued') throw new AppError('CONFLICT', 'task.notTracked');
		const now = nowOf(ctx);
		const before = { status: row.task.status };
		if (row.task.status !== status) {
			const done = status === 'done';
			await updateTaskRow(tx, taskId, { status, doneAt: done ? now : null, doneBy: done ? ctx.actor.userId : null });
			await recordChange(tx, ctx.actor, {
				action: 'task.status',
				entityType: 'plan_task',
				entityId: taskId,
				unitId: row.task.unitId,
				before,
				after: { status },
				context: { planId: row.task.planId }
			});
		}
		const after = (await selectTaskById(tx, taskId))!;
		return presentTask(ctx.actor, after, localDate(now));
	});
}
