import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { createApiToken, findApiTokens } from '$lib/server/auth/api-tokens.service';
import { ApiTokenCreateInput, ApiTokenOut } from '$lib/server/modules/users/users.schemas';

export const GET = endpoint(
	{ summary: 'The actor’s API tokens (administrators: all)', tags: ['tokens'], auth: 'user', response: z.object({ items: z.array(ApiTokenOut) }) },
	async ({ db, actor }) => ({ items: await findApiTokens({ db, actor }) })
);

export const POST = endpoint(
	{
		summary: 'Create an API token; the token is in this answer only',
		tags: ['tokens'],
		auth: 'user',
		body: ApiTokenCreateInput,
		status: 201,
		response: z.object({ token: z.string(), id: z.uuid(), name: z.string(), prefix: z.string(), expiresAt: z.string().nullable() })
	},
	async ({ db, actor, body }) => createApiToken({ db, actor }, body)
);
