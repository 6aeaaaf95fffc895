import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { mergeUnit } from '$lib/server/modules/units/units.service';
import { Unit, UnitMergeInput } from '$lib/server/modules/units/units.schemas';

export const POST = endpoint(
	{
		summary: 'Merge a unit into its successor from a date; history is kept (administrators)',
		tags: ['units'],
		auth: 'user',
		params: z.object({ code: z.string().min(1).max(40) }),
		body: UnitMergeInput,
		response: Unit
	},
	async ({ db, actor, params, body }) => mergeUnit({ db, actor }, params.code, body)
);
