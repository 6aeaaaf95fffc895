/**
 * Cross-site form submissions are refused, as SvelteKit's own origin check does (turned off in
 * svelte.config.js so that this one can make its single exception): a POST, PUT, PATCH or DELETE
 * with a body a plain HTML form can send, from another origin. The exception is the unsubscribe
 * address of subscription messages, which mail providers call cross-site for one-click
 * unsubscribing (RFC 8058); its token is the whole credential and it can only end a subscription.
 */
const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const oneClickUnsubscribe = /^\/portal\/subscriptions\/[^/]+\/unsubscribe\/?$/;

export function isForbiddenCrossSiteForm(request: Request, url: URL): boolean {
	if (!unsafe.has(request.method)) return false;
	const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
	if (!formTypes.has(type)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return !oneClickUnsubscribe.test(url.pathname);
}
