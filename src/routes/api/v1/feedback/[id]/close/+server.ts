import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { closeFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackCloseInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Close the item, with an optional internal note',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackCloseInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => closeFeedback({ db, actor, locale }, params.id, body.note)
);
