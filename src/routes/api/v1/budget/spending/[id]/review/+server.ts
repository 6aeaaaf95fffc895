import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { reviewSpending } from '$lib/server/modules/budget/budget.service';
import { ReviewInput } from '$lib/server/modules/budget/budget.schemas';

export const POST = endpoint(
	{
		summary: 'The finance officer approves a waiting line (`decision: approve`) or sends it back (`decision: correction` with a note)',
		tags: ['budget'],
		auth: 'user',
		params: z.object({ id: z.string() }),
		body: ReviewInput
	},
	async ({ db, actor, params, body }) => reviewSpending({ db, actor }, params.id, body)
);
