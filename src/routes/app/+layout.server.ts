import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** The workspace is for signed-in people only; everyone else goes to the sign-in page and back. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.actor || locals.actor.via !== 'session') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return {};
};
