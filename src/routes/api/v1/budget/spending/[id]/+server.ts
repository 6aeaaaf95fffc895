import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { correctSpending, getSpending } from '$lib/server/modules/budget/budget.service';
import { SpendingInput } from '$lib/server/modules/budget/budget.schemas';

const params = z.object({ id: z.string() });

export const GET = endpoint(
	{ summary: 'One spending line with its receipts', tags: ['budget'], auth: 'user', params },
	async ({ db, actor, params }) => getSpending({ db, actor }, params.id)
);

export const PUT = endpoint(
	{
		summary: 'Correct a spending line that is waiting or was sent back (not an approved one); it is recorded again and checked against the source',
		tags: ['budget'],
		auth: 'user',
		params,
		body: SpendingInput
	},
	async ({ db, actor, params, body }) => correctSpending({ db, actor }, params.id, body)
);
