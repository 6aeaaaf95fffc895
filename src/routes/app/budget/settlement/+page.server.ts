import type { PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getSettlement, presentSettlement } from '$lib/server/modules/budget/budget.settlement';
import { pageScope } from '$lib/server/modules/budget/budget.pages';

/** The year-end settlement of a holder (a province with its communes): figures and the two downloads. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const scope = await pageScope({ db, actor }, url);
		const settlement = scope.unit ? presentSettlement(await getSettlement({ db, actor }, scope.unit, scope.year, { lines: false })) : null;
		return { ...scope, settlement };
	});
};
