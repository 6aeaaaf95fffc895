import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findStories } from '$lib/server/modules/stories/stories.service';
import { StoryListQuery, StorySummary } from '$lib/server/modules/stories/stories.schemas';

export const GET = endpoint(
	{
		summary: 'Exemplary stories the actor may read (content.read in scope; published stories of the units above too), filtered by status, unit subtree, nominated, title or subject words',
		tags: ['stories'],
		auth: 'user',
		query: StoryListQuery,
		response: page(StorySummary)
	},
	async ({ db, actor, query }) => findStories({ db, actor }, query)
);
