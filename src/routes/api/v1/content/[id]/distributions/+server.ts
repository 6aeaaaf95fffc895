import { endpoint } from '$lib/server/api/endpoint';
import { addDistribution } from '$lib/server/modules/content/content.printing';
import { ContentIdParams, ContentView, DistributionInput } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{
		summary: 'Record copies of a leaflet handed out in a village of its unit (never more in total than printed); also recorded as a done leaflet activity of that village',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		body: DistributionInput,
		response: ContentView,
		status: 201
	},
	async ({ db, actor, params, body }) => addDistribution({ db, actor }, params.id, body)
);
