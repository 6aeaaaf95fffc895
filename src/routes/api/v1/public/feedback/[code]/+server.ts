import { endpoint } from '$lib/server/api/endpoint';
import { trackFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { takeLookup } from '$lib/server/modules/feedback/feedback.limits';
import { PublicFeedbackStatus, TrackingCodeParam } from '$lib/server/modules/feedback/feedback.schemas';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';

export const GET = endpoint(
	{
		summary:
			'Status of a feedback item by its tracking code (hyphens and case ignored): status, dates, time left, the public answer and what happened, never who sent it or who handles it. Rate-limited per IP (429).',
		tags: ['feedback (public)'],
		auth: 'public',
		params: TrackingCodeParam,
		response: PublicFeedbackStatus
	},
	async ({ db, params, event, locale }) => {
		takeLookup(clientAddress(event));
		return trackFeedback(db, params.code, locale);
	}
);
