import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { closeBudgetYear, getBudgetOverview } from '$lib/server/modules/budget/budget.service';
import { pageScope } from '$lib/server/modules/budget/budget.pages';

/** Allocation, commitment and spending per source of one holder and year: table and chart. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const scope = await pageScope({ db, actor }, url);
		const overview = scope.unit ? await getBudgetOverview({ db, actor }, scope.unit, scope.year) : null;
		return { ...scope, overview, done: url.searchParams.get('done') };
	});
};

export const actions: Actions = {
	close: async (event) => {
		const data = await event.request.formData();
		const unit = String(data.get('unit') ?? '');
		const year = Number(data.get('year'));
		const outcome = await attempt(event, (ctx) => closeBudgetYear(ctx, unit, year));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		redirect(303, `/app/budget?unit=${encodeURIComponent(unit)}&year=${year}&done=closed`);
	}
};
