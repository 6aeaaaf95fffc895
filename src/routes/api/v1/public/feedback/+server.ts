import { endpoint } from '$lib/server/api/endpoint';
import { submitFeedback } from '$lib/server/modules/feedback/feedback.intake';
import { takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { FeedbackCreated, FeedbackSubmitInput } from '$lib/server/modules/feedback/feedback.schemas';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';

export const POST = endpoint(
	{
		summary:
			'Send a question, complaint or suggestion to a unit (anyone; for the portal, a Zalo mini app, a kiosk). Optionally anonymous, with a phone and consent to be answered by SMS/Zalo, and consent to publish it in the Q&A. Answers 201 with the tracking code once stored. Rate-limited per IP and per phone (429).',
		tags: ['feedback (public)'],
		auth: 'public',
		body: FeedbackSubmitInput,
		response: FeedbackCreated,
		status: 201
	},
	async ({ db, body, event }) => {
		takeSubmission(clientAddress(event), body.anonymous ? null : body.phone);
		const { trackingCode } = await submitFeedback(db, body, 'api');
		return { trackingCode };
	}
);
