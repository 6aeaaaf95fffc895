import type { Actions, PageServerLoad } from './$types';
import { orPortalError } from '$lib/server/modules/portal/portal.http';
import { takeLookup } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';
import { unsubscribeByToken } from '$lib/server/modules/outreach/subscriptions.service';

/**
 * The unsubscribe link of every message: opening it ends the subscription at once (no second
 * step to forget), and a POST (the e-mail's one-click unsubscribe, or this page's form) does the same.
 */
async function end(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	await orPortalError(async () => takeLookup(clientAddress(event)));
	const db = (await event.locals.runtime()).database.db;
	return orPortalError(() => unsubscribeByToken(db, (event.params.token ?? '').slice(0, 64)));
}

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	return { subscription: await end(event) };
};

export const actions: Actions = {
	default: async (event) => ({ subscription: await end(event) })
};
