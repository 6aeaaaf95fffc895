import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getActivity } from '$lib/server/modules/activities/activities.service';
import { activityOptions } from '$lib/server/modules/activities/activities.options';
import { activityFormActions } from '../../form.server';
import { MATERIAL_ROWS, viewValues } from '../../form';

/** Editing an activity: the form carries the stored version, so a change made meanwhile elsewhere is a conflict, not overwritten. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const activity = await getActivity({ db, actor, access: { screen: 'activity_form', purpose: 'activity' } }, params.id);
		if (!activity.allowed.edit) error(403, t(locals.locale, activity.status === 'verified' ? 'activities.verifiedLocked' : 'error.forbidden'));
		const options = await activityOptions({ db, actor }, locals.locale, { for: 'edit' });
		return {
			activity,
			options,
			materialRows: MATERIAL_ROWS,
			canSearch: canSomewhere(actor, 'households.read'),
			values: viewValues(activity),
			picked: activity.households.map((h) => ({ id: h.id, headName: h.headName, villageName: h.villageName }))
		};
	});
};

export const actions: Actions = activityFormActions;
