import { endpoint } from '$lib/server/api/endpoint';
import { presentMe } from '$lib/server/modules/users/users.service';
import { Me } from '$lib/server/modules/users/users.schemas';

export const GET = endpoint(
	{ summary: 'The signed-in user (or token owner) with roles and units', tags: ['session'], auth: 'user', response: Me },
	async ({ actor }) => presentMe(actor)
);
