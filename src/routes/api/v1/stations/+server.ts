import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { createStation, findStations } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { Station, StationCreateInput, StationListQuery } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{
		summary: 'Loudspeaker stations the actor may see (officers their commune, village heads their village), with their daily slots',
		tags: ['loudspeakers'],
		auth: 'user',
		query: StationListQuery,
		response: page(Station)
	},
	async ({ db, actor, query }) => findStations({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary: 'Add a station to a village (or the central one of a commune): wired, fm or ip',
		tags: ['loudspeakers'],
		auth: 'user',
		body: StationCreateInput,
		response: Station,
		status: 201
	},
	async ({ db, actor, body }) => createStation({ db, actor }, body)
);
