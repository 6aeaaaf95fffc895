import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, formObject, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getHouseholdDetail } from '$lib/server/modules/households/households.detail';
import { updateHousehold } from '$lib/server/modules/households/households.service';
import { setClassification } from '$lib/server/modules/households/households.classifications';
import { recordConsent } from '$lib/server/modules/households/households.consent';
import { ClassificationInput, ConsentInput, HouseholdUpdateInput } from '$lib/server/modules/households/households.schemas';
import { householdFields, multi } from '../form';

/** Viewing the page is a read of personal data: the load records it before showing anything. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		...(await getHouseholdDetail({ db, actor }, params.id, { screen: 'household_page', purpose: 'register' }, locals.locale)),
		done: url.searchParams.get('done')
	}));
};

/** Runs one of the page's forms; success redirects back (no repost on reload), failure keeps what was typed. */
async function submit(event: RequestEvent<{ id: string }>, form: string, call: (fields: Record<string, string>, data: FormData) => Parameters<typeof attempt>[1], done: string) {
	const data = await event.request.clone().formData();
	const fields = await formObject(event.request);
	const outcome = await attempt(event, call(fields, data));
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form, fields });
	redirect(303, `/app/households/${event.params.id}?done=${done}`);
}

export const actions: Actions = {
	update: (event) => submit(event, 'update', (f) => (ctx) => updateHousehold(ctx, event.params.id, HouseholdUpdateInput.parse(householdFields(f))), 'saved'),
	classify: (event) =>
		submit(
			event,
			'classify',
			(f, data) => (ctx) =>
				setClassification(ctx, event.params.id, Number(f.year), ClassificationInput.parse({ category: f.category, lacking: multi(data, 'lacking') })),
			'classified'
		),
	consent: (event) =>
		submit(
			event,
			'consent',
			(f, data) => (ctx) => recordConsent(ctx, event.params.id, ConsentInput.parse({ granted: true, channels: multi(data, 'channels'), note: f.note || null })),
			'consented'
		),
	withdraw: (event) =>
		submit(event, 'withdraw', (f) => (ctx) => recordConsent(ctx, event.params.id, ConsentInput.parse({ granted: false, note: f.note || null })), 'withdrawn')
};
