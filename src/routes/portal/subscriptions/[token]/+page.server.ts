import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { toErrorBody } from '$lib/server/api/errors';
import { orPortalError } from '$lib/server/modules/portal/portal.http';
import { takeLookup } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';
import { confirmSubscription, getSubscriptionByToken } from '$lib/server/modules/outreach/subscriptions.service';

/** What the link is for, and a button to confirm it (a POST: a link opened by a mail scanner confirms nothing). */
export const load: PageServerLoad = async (event) => {
	const { locals, params, setHeaders } = event;
	setHeaders({ 'cache-control': 'no-store' });
	// Rate-limited like tracking-code lookups: tokens cannot be tried one after another.
	await orPortalError(async () => takeLookup(clientAddress(event)));
	const db = (await locals.runtime()).database.db;
	return { subscription: await orPortalError(() => getSubscriptionByToken(db, params.token.slice(0, 64))) };
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, params } = event;
		try {
			const db = (await locals.runtime()).database.db;
			return { confirmed: true, subscription: await confirmSubscription(db, params.token.slice(0, 64)) };
		} catch (err) {
			const { status, body } = toErrorBody(err, locals.locale);
			return fail(status, { error: body.error.message });
		}
	}
};
