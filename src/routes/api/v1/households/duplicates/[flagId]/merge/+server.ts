import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { mergeDuplicate } from '$lib/server/modules/households/households.duplicates';
import { FlagResolution, MergeInput } from '$lib/server/modules/households/households.schemas';

export const POST = endpoint(
	{
		summary: 'Merge a flagged pair into the household `keepId`: classifications and consents move to it, the other is marked merged',
		tags: ['households'],
		auth: 'user',
		params: z.object({ flagId: z.uuid() }),
		body: MergeInput,
		response: FlagResolution
	},
	async ({ db, actor, params, body }) => mergeDuplicate({ db, actor }, params.flagId, body)
);
