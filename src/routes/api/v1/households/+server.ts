import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { createHousehold, findHouseholds } from '$lib/server/modules/households/households.service';
import { HouseholdApiListQuery, HouseholdCreated, HouseholdCreateInput, HouseholdListItem } from '$lib/server/modules/households/households.schemas';

export const GET = endpoint(
	{
		summary:
			'Households the actor may read by name: search (no diacritics needed, typos tolerated) and filters, paginated. Every household listed is access-logged. Counts-only roles get 403 and use /api/v1/households/counts.',
		tags: ['households'],
		auth: 'user',
		query: HouseholdApiListQuery,
		response: page(HouseholdListItem)
	},
	async ({ db, actor, query: { purpose, ...query } }) => findHouseholds({ db, actor }, query, { screen: 'api', purpose: purpose ?? 'api' })
);

export const POST = endpoint(
	{
		summary: 'Enter a household into a village (with its classification for a year, if given); look-alikes are flagged as possible duplicates',
		tags: ['households'],
		auth: 'user',
		body: HouseholdCreateInput,
		response: HouseholdCreated,
		status: 201
	},
	async ({ db, actor, body }) => createHousehold({ db, actor }, body)
);
