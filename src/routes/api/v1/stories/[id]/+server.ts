import { endpoint } from '$lib/server/api/endpoint';
import { getStory } from '$lib/server/modules/stories/stories.service';
import { StoryIdParams, StoryView } from '$lib/server/modules/stories/stories.schemas';

export const GET = endpoint(
	{
		summary: 'One story: text, status, writer, approver, household category before and after, consents (for those who write or approve), photos, nomination, allowed actions. Out of scope is 404',
		tags: ['stories'],
		auth: 'user',
		params: StoryIdParams,
		response: StoryView
	},
	async ({ db, actor, params }) => getStory({ db, actor }, params.id)
);
