import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findMyTasks, updateTaskStatus } from '$lib/server/modules/plans/plans.tasks';
import { TaskListQuery, TaskStatusInput, taskStatuses } from '$lib/server/modules/plans/plans.schemas';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'tasks.work')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const query = TaskListQuery.parse({
			status: url.searchParams.get('status') || undefined,
			mine: url.searchParams.get('mine') || undefined,
			offset: url.searchParams.get('offset') || undefined,
			limit: url.searchParams.get('limit') || undefined
		});
		return {
			list: await findMyTasks({ db, actor }, query),
			filter: { status: query.status, mine: query.mine ?? false },
			statuses: taskStatuses,
			done: url.searchParams.get('done')
		};
	});
};

export const actions: Actions = {
	status: async (event) => {
		const data = await event.request.formData();
		const task = String(data.get('task') ?? '');
		const status = String(data.get('status') ?? '');
		const outcome = await attempt(event, (ctx) => updateTaskStatus(ctx, task, TaskStatusInput.parse({ status }).status));
		if (!outcome.ok) return fail(outcome.status, { task, error: outcome.error, details: outcome.details });
		redirect(303, '/app/tasks?done=status');
	}
};
