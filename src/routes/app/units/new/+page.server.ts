import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { formObject } from '$lib/server/http/actions';
import { t } from '$lib/i18n';
import { findUnitLevels } from '$lib/server/modules/units/units.detail';
import { createUnit } from '$lib/server/modules/units/units.service';
import { UnitCreateInput } from '$lib/server/modules/units/units.schemas';
import { attempt, signedIn } from '$lib/server/http/actions';

export const load: PageServerLoad = async ({ locals, url }) => {
	// Only administrators shape the tree; others get the refusal page, not a form that fails later.
	if (!canSomewhere(signedIn(locals), 'units.manage')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return { levels: await findUnitLevels(db, locals.locale), parentCode: url.searchParams.get('parent')?.slice(0, 40) ?? '' };
};

export const actions: Actions = {
	default: async (event) => {
		const fields = await formObject(event.request);
		const outcome = await attempt(event, (ctx) =>
			createUnit(
				ctx,
				UnitCreateInput.parse({
					code: fields.code,
					name: fields.name,
					level: fields.level,
					parentCode: fields.parentCode?.trim() || null,
					validFrom: fields.validFrom || null,
					validTo: fields.validTo || null
				})
			)
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/units/${encodeURIComponent(outcome.value.code)}?done=created`);
	}
};
