import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getHousehold, updateHousehold } from '$lib/server/modules/households/households.service';
import { AccessQuery, Household, HouseholdUpdateInput } from '$lib/server/modules/households/households.schemas';

const params = z.object({ id: z.uuid() });

export const GET = endpoint(
	{
		summary: 'One household, phone and ID number masked unless the role needs them; the read is access-logged (purpose from ?purpose=)',
		tags: ['households'],
		auth: 'user',
		params,
		query: AccessQuery,
		response: Household
	},
	async ({ db, actor, params, query }) => getHousehold({ db, actor }, params.id, { screen: 'api', purpose: query.purpose ?? 'api' })
);

export const PUT = endpoint(
	{
		summary: 'Change a household’s details (fields left out stay; null clears); moving it needs the right to edit in both villages',
		tags: ['households'],
		auth: 'user',
		params,
		body: HouseholdUpdateInput,
		response: Household
	},
	async ({ db, actor, params, body }) => updateHousehold({ db, actor }, params.id, body)
);
