import { endpoint } from '$lib/server/api/endpoint';
import { issuePlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanIdParams, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const POST = endpoint(
	{ summary: 'Issue an approved plan: the next number of the unit’s register for this year and symbol, dated today in Việt Nam; the version it revises becomes superseded', tags: ['plans'], auth: 'user', params: PlanIdParams, response: PlanView },
	async ({ db, actor, params }) => issuePlan({ db, actor }, params.id)
);
