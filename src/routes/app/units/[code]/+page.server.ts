import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { blankToUndefined, formObject } from '$lib/server/http/actions';
import { findUnitLevels, getUnitDetail } from '$lib/server/modules/units/units.detail';
import { mergeUnit, updateUnit } from '$lib/server/modules/units/units.service';
import { UnitMergeInput, UnitUpdateInput } from '$lib/server/modules/units/units.schemas';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
// Household reach of the unit this year (reach section of the page).
import { reachOfYear } from '$lib/server/modules/activities/activities.reach';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		...(await getUnitDetail({ db, actor }, params.code.slice(0, 40))),
		levels: await findUnitLevels(db, locals.locale),
		done: url.searchParams.get('done'),
		// Household reach of the unit this year (reach section of the page).
		reach: await reachOfYear({ db, actor }, params.code.slice(0, 40))
	}));
};

/**
 * Runs one of the page's forms. Success redirects back (a reload does not post again); failure
 * returns the message, the field errors and what was typed, so nothing is lost without JavaScript.
 */
async function submit(event: RequestEvent<{ code: string }>, form: string, call: (fields: Record<string, string>) => Parameters<typeof attempt>[1], done: string) {
	const fields = await formObject(event.request);
	const outcome = await attempt(event, call(fields));
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form, fields });
	redirect(303, `/app/units/${encodeURIComponent(event.params.code)}?done=${done}`);
}

export const actions: Actions = {
	update: (event) =>
		submit(
			event,
			'update',
			(f) => (ctx) =>
				updateUnit(ctx, event.params.code, UnitUpdateInput.parse({ name: f.name, validFrom: f.validFrom || null, validTo: f.validTo || null })),
			'saved'
		),
	move: (event) =>
		submit(event, 'move', (f) => (ctx) => updateUnit(ctx, event.params.code, UnitUpdateInput.parse({ parentCode: f.parentCode?.trim() || null })), 'moved'),
	merge: (event) =>
		submit(
			event,
			'merge',
			(f) => (ctx) => {
				const input = blankToUndefined(f);
				return mergeUnit(
					ctx,
					event.params.code,
					UnitMergeInput.parse({ successorCode: input.successorCode, date: input.date, moveChildren: f.moveChildren === 'true' })
				);
			},
			'merged'
		)
};
