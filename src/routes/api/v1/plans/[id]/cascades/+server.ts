import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findPlanCascades } from '$lib/server/modules/plans/plans.service';
import { Paging, PlanIdParams, PlanSummary } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'Plans that name this plan among their bases (the units below that follow it), within the actor’s reach, drafts included',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		query: Paging,
		response: page(PlanSummary)
	},
	async ({ db, actor, params, query }) => findPlanCascades({ db, actor }, params.id, query)
);
