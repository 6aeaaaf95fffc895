import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { dismissDuplicate } from '$lib/server/modules/households/households.duplicates';
import { DismissInput, FlagResolution } from '$lib/server/modules/households/households.schemas';

export const POST = endpoint(
	{
		summary: 'Dismiss a duplicate flag: the two are different households, and the pair is not flagged again',
		tags: ['households'],
		auth: 'user',
		params: z.object({ flagId: z.uuid() }),
		body: DismissInput,
		response: FlagResolution
	},
	async ({ db, actor, params }) => dismissDuplicate({ db, actor }, params.flagId)
);
