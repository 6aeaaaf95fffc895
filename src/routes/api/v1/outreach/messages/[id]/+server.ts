import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getMessage } from '$lib/server/modules/outreach/outbox.log';
import { OutboxMessageDetail } from '$lib/server/modules/outreach/outbox.schemas';

export const GET = endpoint(
	{
		summary: 'One outgoing message with every attempt and delivery receipt (404 for one outside the actor\'s units)',
		tags: ['outreach'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		response: OutboxMessageDetail
	},
	async ({ db, actor, locale, params }) => getMessage({ db, actor, locale }, params.id)
);
