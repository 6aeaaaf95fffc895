import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { updateCategory } from '$lib/server/modules/feedback/feedback.service';
import { CategoryUpdateInput } from '$lib/server/modules/feedback/feedback.schemas';

export const PUT = endpoint(
	{
		summary: 'Change a category’s deadline in working days (1–90) and whether it is offered (administrators); items received later use it',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ code: z.string().max(40) }),
		body: CategoryUpdateInput,
		response: z.object({ code: z.string(), name: z.string(), deadlineDays: z.number().int(), active: z.boolean() })
	},
	async ({ db, actor, params, body, locale }) => updateCategory({ db, actor, locale }, params.code, body)
);
