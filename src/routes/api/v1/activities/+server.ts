import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findActivities } from '$lib/server/modules/activities/activities.service';
import { ActivityListItem, ActivityListQuery } from '$lib/server/modules/activities/activities.schemas';

export const GET = endpoint(
	{
		summary:
			'Communication activities the actor may read (activities.read on their unit), filtered by unit (and what lies under it), channel, theme, period key (2026, 2026H1, 2026Q1, 2026-03), dates, status and plan; newest first, paginated',
		tags: ['activities'],
		auth: 'user',
		query: ActivityListQuery,
		response: page(ActivityListItem)
	},
	async ({ db, actor, query }) => findActivities({ db, actor }, query)
);
