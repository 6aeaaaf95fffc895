import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { mergeFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackMergeInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Merge this duplicate into another item (by tracking code or id); its code then shows that item',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackMergeInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => mergeFeedback({ db, actor, locale }, params.id, body.into)
);
