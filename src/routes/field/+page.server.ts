import { error, redirect } from '@sveltejs/kit';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { today } from '$lib/server/periods';
import type { PageServerLoad } from './$types';

// /field/ with its slash: the service worker's scope is /field/ and must contain the page.
export const trailingSlash = 'always';

/**
 * The village notebook's first load, rendered on the server: signed-in people who record
 * activities only (like the workspace). What the phone caches comes from /api/v1/field/bootstrap.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor;
	if (!actor || actor.via !== 'session') redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	if (!canSomewhere(actor, 'activities.edit')) error(403, t(locals.locale, 'error.forbidden'));
	return { today: today() };
};
