import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { grantRole, revokeRole } from '$lib/server/modules/users/users.service';
import { RoleGrantInput, UserOut } from '$lib/server/modules/users/users.schemas';

const params = z.object({ username: z.string().min(1).max(40) });

export const POST = endpoint(
	{ summary: 'Grant a role on a unit (administrators)', tags: ['users'], auth: 'user', params, body: RoleGrantInput, response: UserOut },
	async ({ db, actor, params, body }) => grantRole({ db, actor }, params.username, body)
);

export const DELETE = endpoint(
	{ summary: 'Revoke a role on a unit (administrators)', tags: ['users'], auth: 'user', params, body: RoleGrantInput, response: UserOut },
	async ({ db, actor, params, body }) => revokeRole({ db, actor }, params.username, body)
);
