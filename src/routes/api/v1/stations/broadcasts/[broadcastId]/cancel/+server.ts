import { endpoint } from '$lib/server/api/endpoint';
import { cancelBroadcast } from '$lib/server/modules/loudspeakers/loudspeakers.schedule';
import { Broadcast, BroadcastParams } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{ summary: 'Take a scheduled broadcast off the schedule (a played one cannot be)', tags: ['loudspeakers'], auth: 'user', params: BroadcastParams, response: Broadcast },
	async ({ db, actor, params }) => cancelBroadcast({ db, actor }, params.broadcastId)
);
