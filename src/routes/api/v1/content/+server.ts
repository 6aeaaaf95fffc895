import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { createContent, findContents } from '$lib/server/modules/content/content.service';
import { ContentCreateInput, ContentListQuery, ContentSummary, ContentView } from '$lib/server/modules/content/content.schemas';

export const GET = endpoint(
	{
		summary: 'Content items the actor may read (articles, bulletins, social posts, leaflets), filtered by kind, status, unit subtree, title words, or awaitingMe=true (in review, for the actor to approve)',
		tags: ['content'],
		auth: 'user',
		query: ContentListQuery,
		response: page(ContentSummary)
	},
	async ({ db, actor, query }) => findContents({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary: 'Write a new draft of a unit; the actor is its author. `priority` (normal, priority, emergency) is for bulletins only',
		tags: ['content'],
		auth: 'user',
		body: ContentCreateInput,
		response: ContentView,
		status: 201
	},
	async ({ db, actor, body }) => createContent({ db, actor }, body)
);
