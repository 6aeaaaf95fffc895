import type { Db } from '../../db/client';
import * as repo from './portal.repository';
import type { PortalUnit } from './portal.service';

/**
 * Text for XML: the five special characters escaped and the characters XML 1.0 forbids (most
 * control characters, lone surrogates, U+FFFE/FFFF) dropped, so any stored text yields a valid feed.
 */
export function xmlEscape(value: string): string {
	return value
		.replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

export interface FeedItem {
	id: string;
	title: string;
	summary: string;
	publishedAt: string;
	unitName: string;
}

/** RSS 2.0 of a portal's news: channel, then items newest first, each with a permanent link. */
export function buildRss(input: { origin: string; unit: Pick<PortalUnit, 'code' | 'name'>; title: string; description: string; language: string; items: FeedItem[] }): string {
	const base = `${input.origin}/portal/${encodeURIComponent(input.unit.code)}`;
	const items = input.items
		.map((i) => {
			const link = `${base}/news/${i.id}`;
			return [
				'<item>',
				`<title>${xmlEscape(i.title)}</title>`,
				`<link>${xmlEscape(link)}</link>`,
				`<guid isPermaLink="true">${xmlEscape(link)}</guid>`,
				`<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>`,
				`<description>${xmlEscape(i.summary)}</description>`,
				`<category>${xmlEscape(i.unitName)}</category>`,
				'</item>'
			].join('');
		})
		.join('\n');
	const last = input.items[0] ? new Date(input.items[0].publishedAt).toUTCString() : null;
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
		'<channel>',
		`<title>${xmlEscape(input.title)}</title>`,
		`<link>${xmlEscape(base + '/news')}</link>`,
		`<atom:link href="${xmlEscape(base + '/rss.xml')}" rel="self" type="application/rss+xml"/>`,
		`<description>${xmlEscape(input.description)}</description>`,
		`<language>${xmlEscape(input.language)}</language>`,
		last ? `<lastBuildDate>${last}</lastBuildDate>` : '',
		items,
		'</channel>',
		'</rss>',
		''
	]
		.filter((l) => l !== '')
		.join('\n');
}

/** The sections every active portal has, as paths under /portal/<code>. */
export const PORTAL_SECTIONS = ['', '/news', '/programme', '/documents', '/leaflets', '/schedule', '/events', '/stories', '/feedback'];

const MAX_URLS = 50_000;

/**
 * Every public portal address: each active province and commune's sections, each published
 * article, event and story under the nearest portal above it (a village's item shows on its commune's portal).
 */
export async function sitemapUrls(db: Db, origin: string): Promise<{ loc: string; lastmod?: string }[]> {
	const portals = await repo.selectPortalUnits(db);
	const byId = new Map(portals.map((p) => [p.id, p]));
	const portalOf = (path: string) => {
		const ids = path.split('/').filter(Boolean);
		for (let i = ids.length - 1; i >= 0; i--) {
			const p = byId.get(ids[i]);
			if (p) return p;
		}
		return null;
	};
	const urls: { loc: string; lastmod?: string }[] = [];
	for (const p of portals) for (const s of PORTAL_SECTIONS) urls.push({ loc: `${origin}/portal/${encodeURIComponent(p.code)}${s}` });
	const items = await repo.selectSitemapItems(db);
	const add = (rows: { id: string; path: string; updatedAt: Date }[], section: string) => {
		for (const r of rows) {
			const p = portalOf(r.path);
			if (p) urls.push({ loc: `${origin}/portal/${encodeURIComponent(p.code)}/${section}/${r.id}`, lastmod: r.updatedAt.toISOString().slice(0, 10) });
		}
	};
	add(items.articles, 'news');
	add(items.events, 'events');
	add(items.stories, 'stories');
	return urls.slice(0, MAX_URLS);
}

export function buildSitemap(urls: { loc: string; lastmod?: string }[]): string {
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
		...urls.map((u) => `<url><loc>${xmlEscape(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`),
		'</urlset>',
		''
	].join('\n');
}
