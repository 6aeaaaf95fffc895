import type { PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findNominations } from '$lib/server/modules/stories/stories.nominations';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({ items: await findNominations({ db, actor }) }));
};
