import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { publicUnitPage } from '$lib/server/modules/units/units.public';
import { t } from '$lib/i18n';

export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const rt = await locals.runtime();
	const unit = await publicUnitPage(rt.database.db, params.code.slice(0, 40));
	if (!unit) error(404, t(locals.locale, 'portal.notFound'));
	if (!locals.actor) setHeaders({ 'cache-control': 'public, max-age=60' });
	return { unit };
};
