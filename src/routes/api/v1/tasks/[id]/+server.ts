import { endpoint } from '$lib/server/api/endpoint';
import { updateTaskStatus } from '$lib/server/modules/plans/plans.tasks';
import { PlanIdParams, TaskStatusInput, TaskView } from '$lib/server/modules/plans/plans.schemas';

export const PATCH = endpoint(
	{
		summary: 'Set a task’s status (open, in_progress, done): the assignee’s role holders or the unit’s plan editors',
		tags: ['tasks'],
		auth: 'user',
		params: PlanIdParams,
		body: TaskStatusInput,
		response: TaskView
	},
	async ({ db, actor, params, body }) => updateTaskStatus({ db, actor }, params.id, body.status)
);
