import { endpoint } from '$lib/server/api/endpoint';
import { registerForEvent } from '$lib/server/modules/events/events.public';
import { EventIdParam, RegistrationCreated, RegistrationInput } from '$lib/server/modules/events/events.schemas';
import { takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';

export const POST = endpoint(
	{
		summary:
			'Register to attend a published event (anyone; for the portal, a Zalo mini app, a kiosk): name, phone, village and group optional. 201 with a reference once stored; 409 when registration is closed, the event past, cancelled or full, or the phone already registered; 404 for an event not published. Rate-limited like the public feedback intake, per IP and per phone (429).',
		tags: ['events (public)'],
		auth: 'public',
		params: EventIdParam,
		body: RegistrationInput,
		response: RegistrationCreated,
		status: 201
	},
	async ({ db, body, params, event }) => {
		takeSubmission(clientAddress(event), body.phone);
		return registerForEvent(db, params.id, body, { source: 'api' });
	}
);
