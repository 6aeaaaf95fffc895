import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { resolveApiToken, resolveSession } from '$lib/server/auth/auth.service';
import { negotiateLocale, t } from '$lib/i18n';
import { SESSION_COOKIE } from '$lib/server/http/cookies';
import { log } from '$lib/server/log';

export const init: ServerInit = async () => {
	await getRuntime();
};

const securityHeaders: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'strict-origin-when-cross-origin',
	'x-frame-options': 'DENY',
	'permissions-policy': 'camera=(self), microphone=(), geolocation=(self)',
	'cross-origin-opener-policy': 'same-origin'
};

/** Resolves language and the actor once for every request, then sets the security headers. */
export const handle: Handle = async ({ event, resolve }) => {
	const cookieLocale = event.cookies.get('lang');
	event.locals.locale = negotiateLocale(cookieLocale, null);
	event.locals.apiLocale = negotiateLocale(cookieLocale, event.request.headers.get('accept-language'));
	event.locals.runtime = getRuntime;
	event.locals.actor = null;
	event.locals.badToken = false;

	const path = event.url.pathname;
	if (path !== '/healthz') {
		const rt = await getRuntime();
		const db = rt.database.db;
		const ip = clientIp(event);
		const authz = event.request.headers.get('authorization');
		if (authz && /^bearer\s+/i.test(authz)) {
			event.locals.actor = await resolveApiToken(db, authz.replace(/^bearer\s+/i, '').trim(), ip);
			event.locals.badToken = event.locals.actor === null;
		} else {
			const token = event.cookies.get(SESSION_COOKIE);
			if (token) {
				event.locals.actor = await resolveSession(db, token, { sessionHours: rt.config.sessionHours, ip });
				if (!event.locals.actor) event.cookies.delete(SESSION_COOKIE, { path: '/' });
			}
		}
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	for (const [k, v] of Object.entries(securityHeaders)) if (!response.headers.has(k)) response.headers.set(k, v);
	if (event.locals.actor && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
	return response;
};

function clientIp(event: Parameters<Handle>[0]['event']): string | undefined {
	try {
		return event.getClientAddress();
	} catch {
		return undefined;
	}
}

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) log.error({ err: error, path: event.url.pathname }, 'request failed');
	return { message: t(event.locals.locale ?? 'vi', status === 404 ? 'error.notFound' : 'error.internal') };
};
