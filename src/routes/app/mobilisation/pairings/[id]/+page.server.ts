import type { Actions, PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { today } from '$lib/server/periods';
import { endPairing, getPairingDetail, recordVisit } from '$lib/server/modules/mobilisation/mobilisation.pairings';
import { submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		...(await getPairingDetail({ db, actor, access: { screen: 'pairing_page', purpose: 'pairing' } }, params.id)),
		today: today(),
		done: url.searchParams.get('done')
	}));
};

export const actions: Actions = {
	visit: (event) =>
		submitForm(
			event,
			'visit',
			(f) => (ctx) => recordVisit(ctx, event.params.id!, { visitedOn: f.visitedOn ?? '', support: f.support ?? '', value: f.value ?? '', notes: f.notes }),
			`/app/mobilisation/pairings/${event.params.id}?done=1#visits`
		),
	end: (event) => submitForm(event, 'end', (f) => (ctx) => endPairing(ctx, event.params.id!, f.toDate || null), `/app/mobilisation/pairings/${event.params.id}?done=1`)
};
