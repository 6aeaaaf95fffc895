import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findSponsors } from '$lib/server/modules/mobilisation/mobilisation.service';
import { ListQuery, SponsorView } from '$lib/server/modules/mobilisation/mobilisation.schemas';

export const GET = endpoint(
	{
		summary: 'Sponsors of the socialised effort within the actor\'s reach (mobilisation.read), by name, with what each pledged and what was received (đồng)',
		tags: ['mobilisation'],
		auth: 'user',
		query: ListQuery,
		response: page(SponsorView)
	},
	async ({ db, actor, query }) => findSponsors({ db, actor }, query)
);
