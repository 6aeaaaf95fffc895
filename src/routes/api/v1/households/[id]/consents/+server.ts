import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { recordConsent } from '$lib/server/modules/households/households.consent';
import { Consent, ConsentInput } from '$lib/server/modules/households/households.schemas';

export const POST = endpoint(
	{
		summary: 'Record consent to be contacted by the channels given, or withdraw it (granted: false), which stops all contact at once',
		tags: ['households'],
		auth: 'user',
		params: z.object({ id: z.uuid() }),
		body: ConsentInput,
		response: Consent,
		status: 201
	},
	async ({ db, actor, params, body }) => recordConsent({ db, actor }, params.id, body)
);
