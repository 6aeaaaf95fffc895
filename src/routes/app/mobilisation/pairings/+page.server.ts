import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { today } from '$lib/server/periods';
import { findSponsors } from '$lib/server/modules/mobilisation/mobilisation.service';
import { createPairing, findPairings } from '$lib/server/modules/mobilisation/mobilisation.pairings';
import { findHouseholdChoices } from '$lib/server/modules/mobilisation/mobilisation.choices';
import { requireSomewhere, submitForm } from '$lib/server/modules/mobilisation/mobilisation.http';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = requireSomewhere(locals, 'mobilisation.read');
	const db = (await locals.runtime()).database.db;
	const canCreate = canSomewhere(actor, 'mobilisation.edit') && canSomewhere(actor, 'households.read');
	const q = url.searchParams.get('q');
	const year = Number(today().slice(0, 4));
	const [pairings, sponsors, households] = await Promise.all([
		findPairings({ db, actor, access: { screen: 'pairings_page', purpose: 'pairing' } }, { limit: 200, offset: 0 }),
		canCreate ? findSponsors({ db, actor }, { limit: 200, offset: 0 }) : Promise.resolve({ items: [] }),
		canCreate ? findHouseholdChoices({ db, actor }, q, { unitPath: '/', year, poorOnly: true, purpose: 'pairing' }) : Promise.resolve([])
	]);
	return { pairings: pairings.items, sponsors: sponsors.items.map((s) => ({ id: s.id, name: s.name })), households, q: q ?? '', year, today: today(), canCreate, done: url.searchParams.get('done') };
};

export const actions: Actions = {
	pairing: (event) =>
		submitForm(
			event,
			'pairing',
			(f) => (ctx) =>
				createPairing(ctx, {
					household: f.household ?? '',
					helperKind: f.helperKind ?? '',
					sponsor: f.helperKind === 'sponsor' ? f.sponsor || null : null,
					helperName: f.helperName,
					helperOrganisation: f.helperOrganisation,
					fromDate: f.fromDate ?? '',
					toDate: f.toDate || null,
					goal: f.goal ?? '',
					storyConsent: f.storyConsent === 'on'
				}),
			'/app/mobilisation/pairings?done=1'
		)
};
