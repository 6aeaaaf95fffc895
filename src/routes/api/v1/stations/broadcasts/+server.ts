import { endpoint } from '$lib/server/api/endpoint';
import { placeBulletin } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { PlacementInput, PlacementResult } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{
		summary:
			'Place an approved or published bulletin on one station (stationId) or every station of a village or commune (unitCode), once a day from `from` to `to`. Emergency bulletins go into the next slot first; what no longer fits moves to the next slot with room',
		tags: ['loudspeakers'],
		auth: 'user',
		body: PlacementInput,
		response: PlacementResult,
		status: 201
	},
	async ({ db, actor, body }) => placeBulletin({ db, actor }, body)
);
