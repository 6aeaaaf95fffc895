import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { addFeedbackNote } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackDetail, FeedbackNoteInput } from '$lib/server/modules/feedback/feedback.schemas';

export const POST = endpoint(
	{
		summary: 'Add an internal note (never shown to the sender)',
		tags: ['feedback'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: FeedbackNoteInput,
		response: FeedbackDetail
	},
	async ({ db, actor, params, body, locale }) => addFeedbackNote({ db, actor, locale }, params.id, body.text)
);
