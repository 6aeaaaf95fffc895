import { endpoint } from '$lib/server/api/endpoint';
import { submitPlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanIdParams, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const POST = endpoint(
	{ summary: 'Submit a draft for approval (the unit’s officer)', tags: ['plans'], auth: 'user', params: PlanIdParams, response: PlanView },
	async ({ db, actor, params }) => submitPlan({ db, actor }, params.id)
);
