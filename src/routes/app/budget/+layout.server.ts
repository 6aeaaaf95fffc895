import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { signedIn } from '$lib/server/http/actions';

/** Money is for those who hold budget.read somewhere: a village head gets the workspace's 403 page on every budget page. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'budget.read')) error(403, t(locals.locale, 'error.forbidden'));
	return {
		budgetAllowed: { review: canSomewhere(actor, 'budget.review'), edit: canSomewhere(actor, 'budget.edit') }
	};
};
