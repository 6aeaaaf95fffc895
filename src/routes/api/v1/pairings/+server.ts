import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findPairings } from '$lib/server/modules/mobilisation/mobilisation.pairings';
import { ListQuery, PairingView } from '$lib/server/modules/mobilisation/mobilisation.schemas';

export const GET = endpoint(
	{
		summary:
			'Helpers paired with poor and near-poor households within the actor\'s reach (a village head: the village), newest first, with the household\'s later classification. Household names only for readers of the register there, each access-logged.',
		tags: ['mobilisation'],
		auth: 'user',
		query: ListQuery,
		response: page(PairingView)
	},
	async ({ db, actor, query }) => findPairings({ db, actor, access: { screen: 'api', purpose: 'pairing' } }, query)
);
