import { randomUUID } from 'node:crypto';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { signedIn } from '$lib/server/http/actions';
import { activityOptions } from '$lib/server/modules/activities/activities.options';
import { today } from '$lib/server/periods';
import { activityFormActions } from '../form.server';
import { MATERIAL_ROWS } from '../form';

/** A new activity: the form carries an id made here, so submitting it twice stores it once. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'activities.edit')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const options = await activityOptions({ db, actor }, locals.locale, { for: 'edit' });
	if (!options.units.length) error(403, t(locals.locale, 'error.forbidden'));
	const given = (k: string, max = 60) => url.searchParams.get(k)?.slice(0, max) ?? '';
	return {
		options,
		materialRows: MATERIAL_ROWS,
		canSearch: canSomewhere(actor, 'households.read'),
		values: {
			id: randomUUID(),
			unit: given('unit') || options.units[0].code,
			channel: given('channel') || options.channels[0]?.code || '',
			plan: given('plan'),
			date: given('date', 10) || today(),
			status: 'planned'
		} as Record<string, string | string[]>
	};
};

export const actions: Actions = activityFormActions;
