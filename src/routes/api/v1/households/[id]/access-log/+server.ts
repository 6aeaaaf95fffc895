import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { getAccessLog } from '$lib/server/modules/households/households.detail';
import { AccessLogEntry, PageQuery } from '$lib/server/modules/households/households.schemas';

export const GET = endpoint(
	{
		summary: 'Who read this household’s personal data, when, where and why (commune officers)',
		tags: ['households'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		query: PageQuery,
		response: page(AccessLogEntry)
	},
	async ({ db, actor, params, query }) => getAccessLog({ db, actor }, params.id, query)
);
