import type { Actions, PageServerLoad } from './$types';
import { createApiToken, findApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens.service';
import { ApiTokenCreateInput } from '$lib/server/modules/users/users.schemas';
import { formObject, runAction } from '$lib/server/http/actions';
import { z } from 'zod';

export const load: PageServerLoad = async ({ locals }) => {
	const rt = await locals.runtime();
	return { tokens: await findApiTokens({ db: rt.database.db, actor: locals.actor! }) };
};

export const actions: Actions = {
	create: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			const input = ApiTokenCreateInput.parse({
				name: f.name,
				expiresInDays: f.expiresInDays ? Number(f.expiresInDays) : null
			});
			const created = await createApiToken(ctx, input);
			// The plain token goes back to this one response and is never shown again.
			return { created: created.token, name: created.name };
		}),
	revoke: (event) =>
		runAction(event, async (ctx) => {
			const f = await formObject(event.request);
			await revokeApiToken(ctx, z.uuid().parse(f.id));
			return { revoked: true };
		})
};
