import { endpoint } from '$lib/server/api/endpoint';
import { reviseIssuedPlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanIdParams, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const POST = endpoint(
	{ summary: 'Start a revision of an issued plan: a new draft version of the same series (answers the new draft)', tags: ['plans'], auth: 'user', params: PlanIdParams, response: PlanView },
	async ({ db, actor, params }) => reviseIssuedPlan({ db, actor }, params.id)
);
