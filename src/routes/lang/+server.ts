import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isLocale } from '$lib/i18n';
import { setUserLocale } from '$lib/server/modules/users/users.service';

/** Remembers the chosen language (cookie, and the account for signed-in users) and goes back. */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	const to = url.searchParams.get('to');
	if (isLocale(to)) {
		cookies.set('lang', to, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86400, secure: false });
		if (locals.actor?.userId && locals.actor.via === 'session') {
			const rt = await locals.runtime();
			await setUserLocale({ db: rt.database.db, actor: locals.actor }, to);
		}
	}
	const back = url.searchParams.get('back') ?? '/';
	// Only paths on this site: an open redirect would help phishing.
	redirect(303, back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/');
};
