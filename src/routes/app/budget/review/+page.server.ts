import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findFundingSources } from '$lib/server/modules/catalog/catalog.service';
import { findSpending, reviewSpending } from '$lib/server/modules/budget/budget.service';
import { pageScope } from '$lib/server/modules/budget/budget.pages';

/** The finance officer's queue: lines waiting for review in the holders they reach, oldest first on the page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const scope = await pageScope({ db, actor }, url);
		const [list, sources] = await Promise.all([
			findSpending({ db, actor }, { unit: scope.unit ?? undefined, status: 'recorded', limit: 500 }),
			findFundingSources(db, locals.locale)
		]);
		return { ...scope, lines: list.items.filter((l) => l.allowed.review), waiting: list.items.length, sources, done: url.searchParams.get('done') };
	});
};

export const actions: Actions = {
	approve: async (event) => {
		const data = await event.request.formData();
		const outcome = await attempt(event, (ctx) => reviewSpending(ctx, String(data.get('id') ?? ''), { decision: 'approve' }));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		redirect(303, `/app/budget/review?unit=${encodeURIComponent(String(data.get('unit') ?? ''))}&done=approved`);
	}
};
