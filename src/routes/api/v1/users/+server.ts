import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { createUser, findUsers } from '$lib/server/modules/users/users.service';
import { UserCreateInput, UserOut } from '$lib/server/modules/users/users.schemas';

export const GET = endpoint(
	{ summary: 'Every account with its roles (administrators)', tags: ['users'], auth: 'user', response: z.object({ items: z.array(UserOut) }) },
	async ({ db, actor }) => ({ items: await findUsers({ db, actor }) })
);

export const POST = endpoint(
	{ summary: 'Create an account with its roles (administrators)', tags: ['users'], auth: 'user', body: UserCreateInput, response: UserOut, status: 201 },
	async ({ db, actor, body }) => createUser({ db, actor }, body)
);
