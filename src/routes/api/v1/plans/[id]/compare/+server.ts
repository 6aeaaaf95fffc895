import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { comparePlanVersions } from '$lib/server/modules/plans/plans.compare';
import { PlanComparison, PlanIdParams } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'This plan beside another (usually another version of it), section by section and paragraph by paragraph; the older is on the left',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		query: z.object({ with: z.uuid() }),
		response: PlanComparison
	},
	async ({ db, actor, params, query }) => comparePlanVersions({ db, actor }, params.id, query.with)
);
