import type { PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getHouseholdImport } from '$lib/server/modules/households/import/import.jobs';

/** Rows of errors shown on the page; the rejected-rows download has them all. */
const SHOWN_ERRORS = 200;

export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const ctx = { db: (await locals.runtime()).database.db, actor };
	return orErrorPage(locals.locale, async () => {
		const status = await getHouseholdImport(ctx, params.id, locals.locale);
		const errors = status.summary?.errors ?? [];
		return {
			status: status.summary ? { ...status, summary: { ...status.summary, errors: errors.slice(0, SHOWN_ERRORS) } } : status,
			errorCount: errors.length,
			rejectedRows: status.rejectedRows
		};
	});
};
