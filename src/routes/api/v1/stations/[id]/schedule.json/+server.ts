import { endpoint } from '$lib/server/api/endpoint';
import { authenticateController, controllerSchedule, controllerToken } from '$lib/server/modules/loudspeakers/loudspeakers.controller';
import { ControllerQuery, ControllerSchedule, StationParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{
		summary:
			'For IP loudspeaker controllers, with the station’s token (Authorization: Bearer, or ?token=): the day’s slots and broadcasts in playing order, each with its audio address (null while no current audio exists) and length in seconds',
		tags: ['loudspeaker controllers'],
		auth: 'public',
		params: StationParams,
		query: ControllerQuery,
		response: ControllerSchedule
	},
	async ({ event, db, params, query }) => {
		const token = controllerToken(event.request, event.url);
		const station = await authenticateController(db, params.id, token);
		const audioUrl = (broadcastId: string) =>
			`${event.url.origin}/api/v1/stations/${params.id}/audio/${broadcastId}?token=${encodeURIComponent(token!)}`;
		return controllerSchedule(db, station, query.date, audioUrl);
	}
);
