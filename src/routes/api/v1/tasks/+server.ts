import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findMyTasks } from '$lib/server/modules/plans/plans.tasks';
import { TaskListQuery, TaskView } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'Tasks of issued plans assigned to the actor’s roles (and, for those who edit plans, every task within reach), soonest due first',
		tags: ['tasks'],
		auth: 'user',
		query: TaskListQuery,
		response: page(TaskView)
	},
	async ({ db, actor, query }) => findMyTasks({ db, actor }, query)
);
