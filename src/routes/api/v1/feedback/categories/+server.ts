import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findCategories } from '$lib/server/modules/feedback/feedback.service';

export const GET = endpoint(
	{
		summary: 'Feedback categories with their deadlines in working days, the inactive ones too',
		tags: ['feedback'],
		auth: 'user',
		response: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), deadlineDays: z.number().int(), active: z.boolean() })) })
	},
	async ({ db, locale }) => ({ items: await findCategories(db, locale, false) })
);
