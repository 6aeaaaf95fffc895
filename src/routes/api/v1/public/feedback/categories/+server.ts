import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findCategories } from '$lib/server/modules/feedback/feedback.service';

export const GET = endpoint(
	{
		summary: 'Feedback categories a sender may choose, with their answer deadlines in working days',
		tags: ['feedback (public)'],
		auth: 'public',
		response: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), deadlineDays: z.number().int(), active: z.boolean() })) })
	},
	async ({ db, locale }) => ({ items: await findCategories(db, locale) })
);
