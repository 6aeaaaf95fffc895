import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseUnsent, UNSENT_COOKIE } from '$lib/field/unsent';

/** The warning before a sign-out that would delete unsent notebook records; the count is the notebook's own. */
export const load: PageServerLoad = ({ locals, cookies }) => {
	const unsent = parseUnsent(cookies.get(UNSENT_COOKIE));
	if (unsent === 0) redirect(303, locals.actor ? '/app' : '/login');
	return { unsent };
};
