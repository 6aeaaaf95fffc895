import { endpoint } from '$lib/server/api/endpoint';
import { authenticateController, controllerAudio, controllerToken } from '$lib/server/modules/loudspeakers/loudspeakers.controller';
import { audioResponse } from '$lib/server/modules/loudspeakers/loudspeakers.http';
import { ControllerTokenQuery, StationBroadcastParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{
		summary: 'For IP loudspeaker controllers, with the station’s token: the audio of one of the station’s broadcasts (WAV today; Range requests answered)',
		tags: ['loudspeaker controllers'],
		auth: 'public',
		params: StationBroadcastParams,
		query: ControllerTokenQuery,
		produces: ['audio/wav', 'audio/mpeg', 'audio/ogg']
	},
	async ({ event, db, params }) => {
		const station = await authenticateController(db, params.id, controllerToken(event.request, event.url));
		return audioResponse(event.request, await controllerAudio(db, station, params.broadcastId));
	}
);
