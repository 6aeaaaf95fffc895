import { endpoint } from '$lib/server/api/endpoint';
import { publishContent } from '$lib/server/modules/content/content.workflow';
import { ContentIdParams, ContentView } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{ summary: 'Publish an approved item (content.edit); who and when are recorded', tags: ['content'], auth: 'user', params: ContentIdParams, response: ContentView },
	async ({ db, actor, params }) => publishContent({ db, actor }, params.id)
);
