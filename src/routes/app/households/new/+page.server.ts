import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, signedIn } from '$lib/server/http/actions';
import { createHousehold } from '$lib/server/modules/households/households.service';
import { householdFormOptions } from '$lib/server/modules/households/households.detail';
import { currentYear, HouseholdCreateInput } from '$lib/server/modules/households/households.schemas';
import { householdFields, multi } from '../form';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'households.edit')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const year = currentYear();
	return { year, village: url.searchParams.get('village')?.slice(0, 40) ?? '', ...(await householdFormOptions({ db, actor }, 'households.edit', year, locals.locale)) };
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.clone().formData();
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) =>
			createHousehold(
				ctx,
				HouseholdCreateInput.parse({
					...householdFields(fields),
					classification: fields.category
						? { year: Number(fields.year) || fields.year, category: fields.category, lacking: multi(data, 'lacking') }
						: undefined
				})
			)
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/households/${outcome.value.id}?done=created`);
	}
};
