import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { signedIn } from '$lib/server/http/actions';
import { subscriptionSummary } from '$lib/server/modules/outreach/subscriptions.service';

/** Subscribers in reach: counts by topic and channel; the masked list for those who manage outreach. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return { summary: await subscriptionSummary(db, actor) };
};
