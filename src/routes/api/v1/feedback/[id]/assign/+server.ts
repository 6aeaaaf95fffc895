import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { assignFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackAssignInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Route an open item to an officer (by username) who may handle feedback of its unit',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackAssignInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => assignFeedback({ db, actor, locale }, params.id, body.assignee)
);
