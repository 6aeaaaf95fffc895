import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { revokeApiToken } from '$lib/server/auth/api-tokens.service';

export const DELETE = endpoint(
	{ summary: 'Revoke an API token', tags: ['tokens'], auth: 'user', params: z.object({ id: z.uuid() }), status: 204 },
	async ({ db, actor, params }) => {
		await revokeApiToken({ db, actor }, params.id);
		return new Response(null, { status: 204 });
	}
);
