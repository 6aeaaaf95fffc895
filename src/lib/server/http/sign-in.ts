import type { RequestEvent } from '@sveltejs/kit';
import { AppError } from '../errors';
import { RateLimiter } from './rate-limit';
import { signIn, signOut } from '../auth/auth.service';
import { clearSessionCookie, setSessionCookie } from './cookies';

// Rate-limited per address: password guessing across many accounts from one place stops here;
// guessing one account stops at its lockout.
const perIp = new RateLimiter(30, 10 * 60_000);

/** Signs in from a page form or the API, and sets the session cookie. */
export async function signInRequest(event: RequestEvent, username: string, password: string) {
	const rt = await event.locals.runtime();
	let ip: string | undefined;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = undefined;
	}
	if (!perIp.take(ip ?? 'unknown')) throw new AppError('TOO_MANY_REQUESTS', 'login.throttled');
	const result = await signIn(rt.database.db, {
		username,
		password,
		ip,
		userAgent: event.request.headers.get('user-agent') ?? undefined,
		sessionHours: rt.config.sessionHours
	});
	setSessionCookie(event.cookies, result.token, result.expiresAt, rt.config.secureCookies);
	// The account's language follows it to a new device unless this browser already chose one.
	if (!event.cookies.get('lang') && (result.locale === 'vi' || result.locale === 'en')) {
		event.cookies.set('lang', result.locale, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 86400, secure: false });
		event.locals.locale = result.locale;
	}
	event.locals.actor = result.actor;
	return result;
}

export async function signOutRequest(event: RequestEvent) {
	const rt = await event.locals.runtime();
	if (event.locals.actor) await signOut(rt.database.db, event.locals.actor);
	clearSessionCookie(event.cookies);
	event.locals.actor = null;
}
