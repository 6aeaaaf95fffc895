import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail } from '$lib/server/modules/feedback/feedback.schemas';

export const GET = endpoint(
	{
		summary: 'One feedback item with its history and internal notes; the sender’s name and phone only for those who handle it (the read is access-logged)',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		response: FeedbackDetail
	},
	async ({ db, actor, params, locale }) => getFeedback({ db, actor, locale }, params.id)
);
