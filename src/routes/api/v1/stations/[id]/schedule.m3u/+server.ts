import { endpoint } from '$lib/server/api/endpoint';
import { authenticateController, controllerSchedule, controllerToken, toM3u } from '$lib/server/modules/loudspeakers/loudspeakers.controller';
import { ControllerQuery, StationParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const GET = endpoint(
	{
		summary:
			'For IP loudspeaker controllers, with the station’s token: the day’s broadcasts still to play as an extended M3U playlist (#EXTINF:<seconds>,<title>, absolute audio addresses carrying the token)',
		tags: ['loudspeaker controllers'],
		auth: 'public',
		params: StationParams,
		query: ControllerQuery,
		produces: ['audio/x-mpegurl']
	},
	async ({ event, db, params, query }) => {
		const token = controllerToken(event.request, event.url);
		const station = await authenticateController(db, params.id, token);
		const audioUrl = (broadcastId: string) =>
			`${event.url.origin}/api/v1/stations/${params.id}/audio/${broadcastId}?token=${encodeURIComponent(token!)}`;
		const body = toM3u(await controllerSchedule(db, station, query.date, audioUrl));
		return new Response(body, {
			headers: {
				'content-type': 'audio/x-mpegurl; charset=utf-8',
				'content-disposition': `inline; filename="station-${params.id.slice(0, 8)}.m3u"`,
				'cache-control': 'no-store'
			}
		});
	}
);
