import { endpoint } from '$lib/server/api/endpoint';
import { approvePlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanIdParams, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const POST = endpoint(
	{ summary: 'Approve a submitted plan (the commune’s leader; the province officer for the province plan)', tags: ['plans'], auth: 'user', params: PlanIdParams, response: PlanView },
	async ({ db, actor, params }) => approvePlan({ db, actor }, params.id)
);
