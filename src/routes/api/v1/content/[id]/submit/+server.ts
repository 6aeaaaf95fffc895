import { endpoint } from '$lib/server/api/endpoint';
import { submitContent } from '$lib/server/modules/content/content.workflow';
import { ContentIdParams, ContentView } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{ summary: 'Submit a draft for review (content.edit)', tags: ['content'], auth: 'user', params: ContentIdParams, response: ContentView },
	async ({ db, actor, params }) => submitContent({ db, actor }, params.id)
);
