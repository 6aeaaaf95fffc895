import { version } from '$app/environment';
import { serviceWorkerSource } from '$lib/field/sw-source';
import type { RequestHandler } from './$types';

// The script's bytes change only with a new build; browsers check it on every visit (no-cache).
let script: string | undefined;

/** The village notebook's service worker; served from /field/ so its scope is /field/ without extra headers. */
export const GET: RequestHandler = () => {
	script ??= serviceWorkerSource(version);
	return new Response(script, {
		headers: { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-cache' }
	});
};
