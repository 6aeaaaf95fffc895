import { endpoint } from '$lib/server/api/endpoint';
import { getContent, updateContent } from '$lib/server/modules/content/content.service';
import { ContentIdParams, ContentUpdateInput, ContentView } from '$lib/server/modules/content/content.schemas';

export const GET = endpoint(
	{
		summary: 'One content item: text, status, author, approver, publisher, PDF, print runs and distribution (leaflets), allowed actions. Out of scope is 404',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		response: ContentView
	},
	async ({ db, actor, params }) => getContent({ db, actor }, params.id)
);

export const PATCH = endpoint(
	{
		summary: 'Change the fields given. A draft changes in place; an item in review, approved or published goes back to draft (its approval was for the old text)',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		body: ContentUpdateInput,
		response: ContentView
	},
	async ({ db, actor, params, body }) => updateContent({ db, actor }, params.id, body)
);
