import { endpoint } from '$lib/server/api/endpoint';
import { getEvent } from '$lib/server/modules/events/events.service';
import { EventIdParam, EventView } from '$lib/server/modules/events/events.schemas';

export const GET = endpoint(
	{
		summary:
			'One dialogue or event: agenda, place, time, invited groups and villages, its activity’s attendance, registrations (phones only for those who manage it), questions with their feedback items, minutes and the minutes documents made',
		tags: ['events'],
		auth: 'user',
		params: EventIdParam,
		response: EventView
	},
	async ({ db, actor, params }) => getEvent({ db, actor }, params.id)
);
