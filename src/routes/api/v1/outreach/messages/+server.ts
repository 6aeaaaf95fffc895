import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { findMessages } from '$lib/server/modules/outreach/outbox.log';
import { OutboxListQuery, OutboxMessageItem } from '$lib/server/modules/outreach/outbox.schemas';

export const GET = endpoint(
	{
		summary:
			'The delivery log: outgoing messages of the units the actor reads (outreach.read), newest first, by status, channel, kind, unit and dates; recipients masked without households.sensitive',
		tags: ['outreach'],
		auth: 'user',
		query: OutboxListQuery,
		response: page(OutboxMessageItem)
	},
	async ({ db, actor, locale, query }) => findMessages({ db, actor, locale }, query)
);
