import type { RequestHandler } from './$types';

/**
 * What crawlers may read: the public portal, not the workspace or the API; and where the sitemap
 * is. Served here rather than from static/ because the Sitemap line must be a full address.
 */
export const GET: RequestHandler = ({ url }) =>
	new Response(['User-agent: *', 'Disallow: /app/', 'Disallow: /api/', 'Disallow: /field/', 'Disallow: /login', 'Disallow: /lang', '', `Sitemap: ${url.origin}/sitemap.xml`, ''].join('\n'), {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
