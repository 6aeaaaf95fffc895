import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findDuplicateFlags } from '$lib/server/modules/households/households.duplicates';
import { DuplicateFlagListItem, DuplicateListQuery } from '$lib/server/modules/households/households.schemas';

export const GET = endpoint(
	{
		summary: 'Open duplicate flags whose two households the actor may read, both sides shown (and access-logged)',
		tags: ['households'],
		auth: 'user',
		query: DuplicateListQuery,
		response: page(DuplicateFlagListItem)
	},
	async ({ db, actor, query: { purpose, ...query } }) => findDuplicateFlags({ db, actor }, query, { screen: 'api', purpose: purpose ?? 'duplicate_review' })
);
