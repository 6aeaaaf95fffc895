import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { today } from '$lib/server/periods';
import { endPairing, getPairingDetail, recordVisit } from '$lib/server/modules/mobilisation/mobilisation.pairings';
import { submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';
import { pairingStoryLink, storyFromPairing } from '$lib/server/modules/stories/stories.pairing';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		...(await getPairingDetail({ db, actor, access: { screen: 'pairing_page', purpose: 'pairing' } }, params.id)),
		story: await pairingStoryLink({ db, actor }, params.id),
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
	/** Opens the pairing's story: the one written before, or a new draft filled in from the pairing. */
	story: async (event) => {
		const outcome = await attempt(event, (ctx) => storyFromPairing(ctx, event.params.id!));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form: 'story', fields: {} as Record<string, string> });
		redirect(303, outcome.value.created ? `/app/stories/${outcome.value.story.id}?done=1` : `/app/stories/${outcome.value.story.id}`);
	},
	end: (event) => submitForm(event, 'end', (f) => (ctx) => endPairing(ctx, event.params.id!, f.toDate || null), `/app/mobilisation/pairings/${event.params.id}?done=1`)
};
