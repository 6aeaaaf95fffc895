import { endpoint } from '$lib/server/api/endpoint';
import { returnContent } from '$lib/server/modules/content/content.workflow';
import { ContentIdParams, ContentReturnInput, ContentView } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{
		summary: 'Return an item in review (or approved, not published) to draft with a required comment (content.approve)',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		body: ContentReturnInput,
		response: ContentView
	},
	async ({ db, actor, params, body }) => returnContent({ db, actor }, params.id, body)
);
