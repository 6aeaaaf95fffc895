import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { publishFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackPublishInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Publish the question (rewritten without personal details) and answer in the portal Q&A, or withdraw it; needs the sender’s consent',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackPublishInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => publishFeedback({ db, actor, locale }, params.id, body)
);
