import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { signOutRequest } from '$lib/server/http/sign-in';
import { parseUnsent, UNSENT_COOKIE } from '$lib/field/unsent';

/**
 * Sign-out is a POST from the header's form (a GET link could be triggered by any page). On a
 * shared phone the next person must not find the previous one's notebook: the answer asks the
 * browser to clear this site's caches and storage (the notebook's queue, photos and household
 * list in IndexedDB, its service worker and cached files). When the notebook has said it holds
 * unsent records (its cookie), the sign-out waits for a confirmation on /logout/confirm first.
 */
export const POST: RequestHandler = async (event) => {
	const unsent = parseUnsent(event.cookies.get(UNSENT_COOKIE));
	// Also without a session (it may have ended): the records can still be sent after signing in again.
	if (unsent > 0) {
		const form = await event.request.formData().catch(() => null);
		if (form?.get('confirm') !== 'yes') redirect(303, '/logout/confirm');
	}
	await signOutRequest(event);
	event.cookies.delete(UNSENT_COOKIE, { path: '/', httpOnly: false });
	return new Response(null, { status: 303, headers: { location: '/login?signedOut', 'clear-site-data': '"cache", "storage"' } });
};
