import { endpoint } from '$lib/server/api/endpoint';
import { PlanIdParams } from '$lib/server/modules/plans/plans.schemas';
import { getPlanActual, PlanActual } from '$lib/server/modules/plans/plans.actual';

export const GET = endpoint(
	{
		summary:
			'Plan versus actual: every target of the plan beside the figure computed for the plan’s unit and the target’s period (each month or year of the plan for targets "per month" or "per year")',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		response: PlanActual
	},
	async ({ db, actor, params, locale }) => getPlanActual({ db, actor }, params.id, locale)
);
