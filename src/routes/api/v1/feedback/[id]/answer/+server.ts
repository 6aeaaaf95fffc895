import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { answerFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackAnswerInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Write the public answer; the item becomes answered (the sender reads it with the tracking code)',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackAnswerInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => answerFeedback({ db, actor, locale }, params.id, body.answer)
);
