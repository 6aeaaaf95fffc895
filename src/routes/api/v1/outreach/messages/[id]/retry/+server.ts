import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { retryMessage } from '$lib/server/modules/outreach/outbox.log';
import { OutboxMessageDetail } from '$lib/server/modules/outreach/outbox.schemas';

export const POST = endpoint(
	{
		summary:
			'Send a failed or given-up message again (outreach.manage on its unit; audited). 409 for a message that is not failed or dead; the platform never gets a second copy of one it accepted',
		tags: ['outreach'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		response: OutboxMessageDetail
	},
	async ({ db, actor, locale, params }) => retryMessage({ db, actor, locale }, params.id)
);
