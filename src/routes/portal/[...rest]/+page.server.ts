import { error } from '@sveltejs/kit';
import { tBoth } from '$lib/i18n';
import type { PageServerLoad } from './$types';

/**
 * Addresses under /portal that no portal page has (/portal itself, /portal/16108/no-such-page)
 * answer 404 with the portal's own error page, which ships no JavaScript, rather than the site's.
 */
export const load: PageServerLoad = () => {
	error(404, tBoth('error.notFound'));
};
