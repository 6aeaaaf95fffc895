import { endpoint } from '$lib/server/api/endpoint';
import { getStation, updateStation } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { Station, StationParams, StationUpdateInput } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{ summary: 'One station with its slots', tags: ['loudspeakers'], auth: 'user', params: StationParams, response: Station },
	async ({ db, actor, params }) => getStation({ db, actor }, params.id)
);

export const PATCH = endpoint(
	{
		summary: 'Rename a station, change its kind, switch it off or on (a switched-off station gets no new broadcasts and its token stops working)',
		tags: ['loudspeakers'],
		auth: 'user',
		params: StationParams,
		body: StationUpdateInput,
		response: Station
	},
	async ({ db, actor, params, body }) => updateStation({ db, actor }, params.id, body)
);
