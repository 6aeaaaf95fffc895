import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findPublishedStories } from '$lib/server/modules/stories/stories.public';
import { PublicStory, PublicStoryQuery } from '$lib/server/modules/stories/stories.schemas';

export const GET = endpoint(
	{
		summary: 'Published exemplary stories of a unit and the units under it, newest first: the story’s own words, photos with alt text, and a household’s category before and after (words only, no register data)',
		tags: ['stories (public)'],
		auth: 'public',
		query: PublicStoryQuery,
		response: z.object({
			unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
			items: z.array(PublicStory),
			hasMore: z.boolean(),
			limit: z.number(),
			offset: z.number()
		})
	},
	async ({ db, query, event }) => {
		const out = await findPublishedStories(db, query);
		event.setHeaders?.({ 'cache-control': 'public, max-age=60' });
		return out;
	}
);
