import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { countHouseholds } from '$lib/server/modules/households/households.service';
import { HouseholdCount, HouseholdCountsQuery } from '$lib/server/modules/households/households.schemas';

export const GET = endpoint(
	{
		summary: 'Households by village × category × year in the actor’s reach: numbers only, never names',
		tags: ['households'],
		auth: 'user',
		query: HouseholdCountsQuery,
		response: z.object({ items: z.array(HouseholdCount) })
	},
	async ({ db, actor, query }) => ({ items: await countHouseholds({ db, actor }, query) })
);
