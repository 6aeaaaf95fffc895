import { endpoint } from '$lib/server/api/endpoint';
import { getReach, ReachQuery, ReachView } from '$lib/server/modules/activities/activities.reach';

export const GET = endpoint(
	{
		summary:
			'Household reach of a unit (and everything under it) in a period: households by category in the register, reached by at least one verified activity, share; by channel (a household once per channel); participants counted by group apart. Numbers only, never names',
		tags: ['activities'],
		auth: 'user',
		query: ReachQuery,
		response: ReachView
	},
	async ({ db, actor, query }) => getReach({ db, actor }, query)
);
