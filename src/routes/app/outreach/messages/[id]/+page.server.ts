import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getMessage, retryMessage } from '$lib/server/modules/outreach/outbox.log';

/** One message with its attempts; a Retry button for a failed or given-up one (outreach.manage). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		message: await getMessage({ db, actor, locale: locals.locale }, params.id),
		done: url.searchParams.get('done')
	}));
};

export const actions: Actions = {
	retry: async (event) => {
		const outcome = await attempt(event, (ctx) => retryMessage({ ...ctx, locale: event.locals.locale }, event.params.id));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		redirect(303, `/app/outreach/messages/${event.params.id}?done=retried`);
	}
};
