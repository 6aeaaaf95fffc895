import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { setClassification } from '$lib/server/modules/households/households.classifications';
import { Classification, ClassificationInput } from '$lib/server/modules/households/households.schemas';

const params = z.object({ id: z.uuid(), year: z.coerce.number().int().min(2000).max(2100) });

export const PUT = endpoint(
	{
		summary: 'Set a household’s category for a year; the standard is the one in force that year and the lacking indicators must be on its list',
		tags: ['households'],
		auth: 'user',
		params,
		body: ClassificationInput,
		response: Classification
	},
	async ({ db, actor, params, body }) => setClassification({ db, actor }, params.id, params.year, body)
);
