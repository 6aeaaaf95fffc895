import { endpoint } from '$lib/server/api/endpoint';
import { authenticateController, controllerPlay, controllerToken } from '$lib/server/modules/loudspeakers/loudspeakers.controller';
import { ControllerTokenQuery, PlayInput, PlayResult, StationParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{
		summary:
			'For IP loudspeaker controllers, with the station’s token: confirm a broadcast played ({ broadcastId, playedAt }). It becomes one broadcast activity; a repeat answers the same result and records nothing new',
		tags: ['loudspeaker controllers'],
		auth: 'public',
		params: StationParams,
		query: ControllerTokenQuery,
		body: PlayInput,
		response: PlayResult
	},
	async ({ event, db, params, body }) => {
		const station = await authenticateController(db, params.id, controllerToken(event.request, event.url));
		return controllerPlay(db, station, body.broadcastId, new Date(body.playedAt));
	}
);
