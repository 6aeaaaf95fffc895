import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { comparePlanVersions } from '$lib/server/modules/plans/plans.compare';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const other = url.searchParams.get('with')?.trim();
	if (!other) error(400, t(locals.locale, 'plansPage.compareWhich'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({ planId: params.id, comparison: await comparePlanVersions({ db, actor }, params.id, other) }));
};
