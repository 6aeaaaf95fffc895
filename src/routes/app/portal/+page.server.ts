import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { canSomewhere } from '$lib/server/access/actor';
import { signedIn } from '$lib/server/http/actions';
import { findEditablePortals } from '$lib/server/modules/portal/portal.service';

/** The portals whose pages the actor may write (content.edit on an active province or commune). */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'content.edit')) error(403, t(locals.locale, 'portal.edit.forbidden'));
	const db = (await locals.runtime()).database.db;
	return { portals: await findEditablePortals({ db, actor }) };
};
