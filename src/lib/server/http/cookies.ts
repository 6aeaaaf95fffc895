import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'lantoa_session';

/** The session cookie: httpOnly, SameSite=Lax, Secure behind HTTPS. */
export function setSessionCookie(cookies: Cookies, token: string, expires: Date, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
}

export function clearSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
