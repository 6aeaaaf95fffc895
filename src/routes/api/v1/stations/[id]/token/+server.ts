import { endpoint } from '$lib/server/api/endpoint';
import { issueStationToken, revokeStationToken } from '$lib/server/modules/loudspeakers/loudspeakers.service';
import { Station, StationParams, StationToken } from '$lib/server/modules/loudspeakers/loudspeakers.schemas';

export const POST = endpoint(
	{
		summary: 'A new controller token for the station (replaces the old one). Shown only in this answer; the server keeps its sha256',
		tags: ['loudspeakers'],
		auth: 'user',
		params: StationParams,
		response: StationToken,
		status: 201
	},
	async ({ db, actor, params }) => issueStationToken({ db, actor }, params.id)
);

export const DELETE = endpoint(
	{ summary: 'Revoke the station’s controller token', tags: ['loudspeakers'], auth: 'user', params: StationParams, response: Station },
	async ({ db, actor, params }) => revokeStationToken({ db, actor }, params.id)
);
