import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { createFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { findFeedback } from '$lib/server/modules/feedback/feedback.service';
import { FeedbackCreateInput, FeedbackListItem, FeedbackListQuery } from '$lib/server/modules/feedback/feedback.schemas';
import { z } from 'zod';

export const GET = endpoint(
	{
		summary: 'Feedback items of the actor’s units (by the unit concerned), newest first, with the working days left and whether overdue; filters by status, category, unit, overdue',
		tags: ['feedback'],
		auth: 'user',
		query: FeedbackListQuery,
		response: page(FeedbackListItem)
	},
	async ({ db, actor, query, locale }) => findFeedback({ db, actor, locale }, query)
);

export const POST = endpoint(
	{
		summary: 'Enter an item that arrived by phone, in person, at a dialogue or by letter (feedback.handle on the unit); answers its id and tracking code',
		tags: ['feedback'],
		auth: 'user',
		body: FeedbackCreateInput,
		response: z.object({ id: z.string(), trackingCode: z.string() }),
		status: 201
	},
	async ({ db, actor, body }) => createFeedback({ db, actor }, body)
);
