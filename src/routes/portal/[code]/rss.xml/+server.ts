import type { RequestHandler } from './$types';
import { t } from '$lib/i18n';
import { findNews } from '$lib/server/modules/portal/portal.service';
import { buildRss } from '$lib/server/modules/portal/portal.feeds';
import { requireActive, requirePortalUnit } from '$lib/server/modules/portal/portal.http';

/** RSS 2.0 of the portal's news: the latest 20 published articles of the unit and below. */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	const db = (await locals.runtime()).database.db;
	const portal = requireActive(await requirePortalUnit(db, params.code.slice(0, 60)));
	const news = await findNews(db, portal, 1, 20);
	const body = buildRss({
		origin: url.origin,
		unit: portal,
		title: t(locals.locale, 'portal.rss.title', { unit: portal.name }),
		description: t(locals.locale, 'portal.rss.description', { unit: portal.name }),
		language: locals.locale === 'en' ? 'en' : 'vi',
		items: news.items.map((i) => ({ id: i.id, title: i.title, summary: i.summary, publishedAt: i.publishedAt, unitName: i.unitName }))
	});
	return new Response(body, { headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=300' } });
};
