import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findPublishedQuestions } from '$lib/server/modules/feedback/feedback.intake';
import { PublishedQuestion } from '$lib/server/modules/feedback/feedback.schemas';

export const GET = endpoint(
	{
		summary: 'The Q&A of a unit and the units under it: questions published with their senders’ consent, without personal details, newest first',
		tags: ['feedback (public)'],
		auth: 'public',
		query: z.object({ unit: z.string().trim().min(1).max(40) }),
		response: z.object({ items: z.array(PublishedQuestion) })
	},
	async ({ db, query, locale }) => ({ items: await findPublishedQuestions(db, query.unit, locale) })
);
