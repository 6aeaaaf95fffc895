import { endpoint } from '$lib/server/api/endpoint';
import { approveContent } from '$lib/server/modules/content/content.workflow';
import { ContentIdParams, ContentView } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{ summary: 'Approve an item in review (content.approve); the approver and time are recorded. The author may not approve their own item while someone else may', tags: ['content'], auth: 'user', params: ContentIdParams, response: ContentView },
	async ({ db, actor, params }) => approveContent({ db, actor }, params.id)
);
