import { endpoint } from '$lib/server/api/endpoint';
import { confirmPlay } from '$lib/server/modules/loudspeakers/loudspeakers.plays';
import { BroadcastParams, PlayResult } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{
		summary: 'The village head (or a commune officer) confirms the broadcast was played now: it becomes one broadcast activity. A repeat answers the first result',
		tags: ['loudspeakers'],
		auth: 'user',
		params: BroadcastParams,
		response: PlayResult
	},
	async ({ db, actor, params }) => confirmPlay(db, { kind: 'user', actor }, params.broadcastId, new Date())
);
