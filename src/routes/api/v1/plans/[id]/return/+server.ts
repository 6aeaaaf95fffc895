import { endpoint } from '$lib/server/api/endpoint';
import { returnPlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanIdParams, PlanReturnInput, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const POST = endpoint(
	{ summary: 'Return a submitted or approved plan to draft with a comment (the leader)', tags: ['plans'], auth: 'user', params: PlanIdParams, body: PlanReturnInput, response: PlanView },
	async ({ db, actor, params, body }) => returnPlan({ db, actor }, params.id, body)
);
