import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findEvents } from '$lib/server/modules/events/events.service';
import { EventListItem, EventListQuery } from '$lib/server/modules/events/events.schemas';

export const GET = endpoint(
	{
		summary:
			'Policy dialogues and public events the actor may read (activities.read on the event’s unit or on a village it invites), filtered by unit (and what lies under it), upcoming/past, kind and status; upcoming soonest first, past newest first, paginated',
		tags: ['events'],
		auth: 'user',
		query: EventListQuery,
		response: page(EventListItem)
	},
	async ({ db, actor, query }) => findEvents({ db, actor }, query)
);
