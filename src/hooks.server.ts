import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { resolveApiToken, resolveSession } from '$lib/server/auth/auth.service';
import { negotiateLocale, t } from '$lib/i18n';
import { SESSION_COOKIE } from '$lib/server/http/cookies';
import { log } from '$lib/server/log';
import { AppError } from '$lib/server/errors';
import { toErrorBody } from '$lib/server/api/errors';
import { isForbiddenCrossSiteForm } from '$lib/server/http/csrf';
import { withTypedCapture } from '$lib/typed-before-start';

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

/** A request slower than this is logged with where its time went (LANTOA_SLOW_REQUEST_MS). */
const slowRequestMs = Number(process.env.LANTOA_SLOW_REQUEST_MS) || 3000;

/** Resolves language and the actor once for every request, then sets the security headers. */
export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	let actorMs = 0;
	const cookieLocale = event.cookies.get('lang');
	event.locals.locale = negotiateLocale(cookieLocale, null);
	event.locals.apiLocale = negotiateLocale(cookieLocale, event.request.headers.get('accept-language'));
	event.locals.runtime = getRuntime;
	event.locals.actor = null;
	event.locals.badToken = false;
	if (isForbiddenCrossSiteForm(event.request, event.url)) return crossSiteRefusal(event);

	const path = event.url.pathname;
	if (path !== '/healthz') {
		const actorStarted = performance.now();
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
		actorMs = performance.now() - actorStarted;
	}

	// PostgreSQL cannot store NUL: an address carrying one is bad input, refused before any query.
	let response = /%00/.test(path + event.url.search)
		? badAddress(event)
		: await resolve(event, {
				transformPageChunk: ({ html }) => withTypedCapture(html.replace('%lang%', event.locals.locale))
			});
	if (path.startsWith('/api/') && response.status >= 400 && !response.headers.get('content-type')?.startsWith('application/json'))
		response = frameworkErrorAsJson(event, response);
	for (const [k, v] of Object.entries(securityHeaders)) if (!response.headers.has(k)) response.headers.set(k, v);
	if (event.locals.actor && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-store');
	// A public page a cache may keep still depends on the cookies (language, signed in or not).
	if (response.headers.get('cache-control')?.includes('public')) response.headers.append('vary', 'Cookie');
	const ms = performance.now() - started;
	if (ms > slowRequestMs) {
		log.warn({ method: event.request.method, path, status: response.status, ms: Math.round(ms), actorMs: Math.round(actorMs) }, 'slow request');
	}
	return response;
};

/**
 * The framework answers some API requests itself, as text or an HTML page: 405 for a method the
 * route lacks, 400 for an address that does not decode. API clients get the one error shape.
 */
function frameworkErrorAsJson(event: Parameters<Handle>[0]['event'], response: Response): Response {
	const status = response.status;
	const error =
		status === 405
			? new AppError('METHOD_NOT_ALLOWED', 'error.methodNotAllowed', { method: event.request.method })
			: status === 404
				? new AppError('NOT_FOUND', 'error.routeNotFound')
				: status < 500
					? new AppError('VALIDATION', 'error.validation')
					: new AppError('INTERNAL', 'error.internal');
	const headers = new Headers(response.headers);
	headers.set('content-type', 'application/json');
	headers.delete('content-length');
	return new Response(JSON.stringify(toErrorBody(error, event.locals.apiLocale).body), { status, headers });
}

/** A form posted from another site: the API's error shape for the API, plain text in both languages elsewhere. */
function crossSiteRefusal(event: Parameters<Handle>[0]['event']): Response {
	const error = new AppError('FORBIDDEN', 'error.crossSiteForm', { method: event.request.method });
	if (event.url.pathname.startsWith('/api/')) return json(toErrorBody(error, event.locals.apiLocale).body, { status: 403 });
	const text = `${t('vi', 'error.crossSiteForm', error.params)}\n${t('en', 'error.crossSiteForm', error.params)}`;
	return new Response(text, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders } });
}

function badAddress(event: Parameters<Handle>[0]['event']): Response {
	if (event.url.pathname.startsWith('/api/'))
		return json(toErrorBody(new AppError('VALIDATION', 'error.validation'), event.locals.apiLocale).body, { status: 400 });
	return new Response(t(event.locals.locale, 'error.validation'), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

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
