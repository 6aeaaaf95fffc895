import { endpoint } from '$lib/server/api/endpoint';
import { reopenFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { takeLookup } from '$lib/server/modules/feedback/feedback.limits';
import { FeedbackReopenInput, PublicFeedbackStatus, TrackingCodeParam } from '$lib/server/modules/feedback/feedback.schemas';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';

export const POST = endpoint(
	{
		summary: 'The sender, holding the tracking code, reopens an answered or closed item with a reason; it gets a new deadline. Rate-limited per IP (429).',
		tags: ['feedback (public)'],
		auth: 'public',
		params: TrackingCodeParam,
		body: FeedbackReopenInput,
		response: PublicFeedbackStatus
	},
	async ({ db, params, body, event, locale }) => {
		takeLookup(clientAddress(event));
		return reopenFeedback(db, params.code, body.reason, locale);
	}
);
