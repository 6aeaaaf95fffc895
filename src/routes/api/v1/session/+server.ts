import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { signInRequest, signOutRequest } from '$lib/server/http/sign-in';
import { presentMe } from '$lib/server/modules/users/users.service';
import { Me, SessionCreateInput } from '$lib/server/modules/users/users.schemas';

export const POST = endpoint(
	{ summary: 'Sign in; sets the session cookie', tags: ['session'], auth: 'public', body: SessionCreateInput, response: z.object({ user: Me, expiresAt: z.string() }) },
	async ({ event, body }) => {
		const result = await signInRequest(event, body.username, body.password);
		return { user: presentMe(result.actor), expiresAt: result.expiresAt.toISOString() };
	}
);

export const DELETE = endpoint(
	{ summary: 'Sign out of this session', tags: ['session'], auth: 'user', status: 204 },
	async ({ event }) => {
		await signOutRequest(event);
		return new Response(null, { status: 204 });
	}
);
