import type { RequestHandler } from './$types';
import { buildSitemap, sitemapUrls } from '$lib/server/modules/portal/portal.feeds';

/** Every public portal address of every active province and commune (robots.txt points here). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const db = (await locals.runtime()).database.db;
	const body = buildSitemap(await sitemapUrls(db, url.origin));
	return new Response(body, { headers: { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=600' } });
};
