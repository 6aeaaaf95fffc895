import { beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { t, tBoth } from '../src/lib/i18n';
import { useBrowser } from './support/browser';
import { useAppServer } from './support/server';
import { apiSignIn, submitAndWait } from './support/auth';
import { rawRequest } from './support/http';
import { axeViolations, describeViolations } from './support/a11y';

/**
 * The public portal of a demo commune against the built app: every page type passes axe's
 * WCAG 2.1 AA rules, ships no script, and carries its title, description, Open Graph tags and
 * language; the sitemap and the news feed are XML listing addresses that answer 200; bad input to
 * every public address answers 4xx, never 5xx, and never echoes script.
 */

const app = useAppServer();
const browser = useBrowser();
const SCRIPT = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
const C = '16108';
const UNIT = 'Xã Hà Bình';

/** Links on a page whose path matches, in order (paths only). */
async function linksOf(path: string, pattern: RegExp): Promise<string[]> {
	const html = await (await fetch(app.url + path)).text();
	return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')).filter((h) => pattern.test(h));
}

let article = '';
let story: string | null = null;
beforeAll(async () => {
	[article] = await linksOf(`/portal/${C}/news`, new RegExp(`^/portal/${C}/news/[0-9a-f-]{36}$`));
	story = (await linksOf(`/portal/${C}/stories`, new RegExp(`^/portal/${C}/stories/[0-9a-f-]{36}$`)))[0] ?? null;
});

async function checkPage(page: Page, path: string, opts: { lang?: string } = {}) {
	const raw = await fetch(app.url + path, { headers: opts.lang ? { cookie: `lang=${opts.lang}` } : {} });
	expect(raw.status, path).toBe(200);
	const html = await raw.text();
	expect(html.match(/<script/gi), `${path} ships no script`).toBeNull();
	// The language is chosen with the portal's plain link, which remembers it in a cookie.
	const res = await page.goto(app.url + (opts.lang ? `/lang?to=${opts.lang}&back=${encodeURIComponent(path)}` : path));
	expect(res?.status(), path).toBe(200);
	expect(new URL(page.url()).pathname, path).toBe(path);
	await checkHead(page, path, opts.lang ?? 'vi');
}

async function checkHead(page: Page, path: string, lang: string) {
	expect(await page.locator('html').getAttribute('lang'), path).toBe(lang);
	const title = await page.title();
	expect(title, path).toContain(UNIT);
	expect((await page.locator('meta[name="description"]').getAttribute('content'))?.length ?? 0, path).toBeGreaterThan(20);
	expect(await page.locator('meta[property="og:title"]').getAttribute('content'), path).toBe(title);
	expect(await page.locator('meta[property="og:description"]').count(), path).toBe(1);
	expect(await page.locator('meta[name="twitter:card"]').count(), path).toBe(1);
	expect(await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href'), path).toBe(`/portal/${C}/rss.xml`);
	expect(await page.locator('main h1').count(), path).toBe(1);
	expect(await page.locator('main#main').count(), path).toBe(1);
	const violations = await axeViolations(page);
	expect(violations, `${path}\n${describeViolations(violations)}`).toEqual([]);
}

describe('portal pages of a demo commune', () => {
	test('every page type: 200, no script, title, description, Open Graph, lang, no WCAG 2.1 AA violation', async () => {
		expect(article).toMatch(/news\//);
		const page = await (await browser.newContext()).newPage();
		const paths = ['', '/news', article.slice(`/portal/${C}`.length), '/programme', '/documents', '/leaflets', '/schedule', '/events', '/feedback'];
		if (story) paths.push(story.slice(`/portal/${C}`.length));
		for (const p of paths) await checkPage(page, `/portal/${C}${p}`);
		// English, chosen with the plain language link.
		await checkPage(page, `/portal/${C}/news`, { lang: 'en' });
	});

	test('the home page shows the latest news, this week\'s broadcasts, links to documents and Q&A; the programme shows the commune\'s own text', async () => {
		const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
		await page.goto(`${app.url}/portal/${C}`);
		expect(await page.locator('main h1').textContent()).toBe(t('vi', 'portal.title', { unit: UNIT }));
		expect(await page.locator(`main a[href^="/portal/${C}/news/"]`).count()).toBeGreaterThanOrEqual(2);
		expect(await page.locator(`main a[href="/portal/${C}/documents"]`).count()).toBe(1);
		expect(await page.locator(`main a[href="/portal/${C}/feedback#qa-title"]`).count()).toBe(1);
		await page.goto(`${app.url}/portal/${C}/programme`);
		expect(await page.locator('main h1').textContent()).toBe('Giảm nghèo ở Hà Bình: ai được hỗ trợ, hỗ trợ những gì');
		// The news pages link one to the next.
		await page.goto(`${app.url}/portal/${C}/news`);
		expect(await page.locator('main .portal-list li').count()).toBeGreaterThanOrEqual(2);
	});

	test('the feedback form and a tracking result pass the same checks, without JavaScript', async () => {
		const sent = await fetch(app.url + '/api/v1/public/feedback', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ unit: C, category: 'support', title: 'Hỏi về vay vốn', body: 'Nhà tôi muốn vay vốn nuôi bò thì cần giấy tờ gì?', anonymous: true, consent: false, publish: false })
		});
		expect(sent.status).toBe(201);
		const { trackingCode } = (await sent.json()) as { trackingCode: string };
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`${app.url}/portal/${C}/feedback`);
		await page.fill('#track-code', trackingCode);
		await submitAndWait(page, page.locator('form[action="?/track"] button'));
		expect(await page.locator('[data-testid="tracking-result"]').count()).toBe(1);
		expect(await page.locator('script').count()).toBe(0);
		// axe needs JavaScript: the same result page, re-posted in a context that allows it.
		const jsPage = await (await browser.newContext()).newPage();
		await jsPage.goto(`${app.url}/portal/${C}/feedback`);
		await jsPage.fill('#track-code', trackingCode);
		await submitAndWait(jsPage, jsPage.locator('form[action="?/track"] button'));
		expect(await jsPage.locator('[data-testid="tracking-result"]').count()).toBe(1);
		await checkHead(jsPage, `/portal/${C}/feedback (tracking)`, 'vi');
	});

	test('an issued plan downloads as DOCX and PDF from the documents page; nothing else is served there', async () => {
		const links = await linksOf(`/portal/${C}/documents`, /\/documents\/[0-9a-f-]{36}\/(docx|pdf)$/);
		expect(links.length).toBeGreaterThanOrEqual(2);
		const docx = await fetch(app.url + links.find((l) => l.endsWith('/docx'))!);
		expect(docx.status).toBe(200);
		expect(docx.headers.get('content-type')).toContain('wordprocessingml');
		expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
		const pdf = await fetch(app.url + links.find((l) => l.endsWith('/pdf'))!);
		expect(pdf.status).toBe(200);
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const id = links[0].split('/').at(-2)!;
		// The same plan is not served under the other commune's portal.
		expect((await fetch(`${app.url}/portal/24997/documents/${id}/docx`)).status).toBe(404);
		const leaflets = await linksOf(`/portal/${C}/leaflets`, /\/leaflets\/[0-9a-f-]{36}\/pdf$/);
		expect(leaflets.length).toBeGreaterThanOrEqual(1);
		const leaflet = await fetch(app.url + leaflets[0]);
		expect(leaflet.status).toBe(200);
		expect(leaflet.headers.get('content-type')).toBe('application/pdf');
	});
});

describe('sitemap, feed and robots.txt', () => {
	test('the sitemap and the RSS feed parse as XML and list addresses that answer 200', async () => {
		const page = await (await browser.newContext()).newPage();
		await page.goto(app.url + '/robots.txt');
		const robots = await (await fetch(app.url + '/robots.txt')).text();
		expect(robots).toContain(`Sitemap: ${app.url}/sitemap.xml`);
		expect(robots).toContain('Disallow: /app/');

		const sitemap = await fetch(app.url + '/sitemap.xml');
		expect(sitemap.headers.get('content-type')).toContain('xml');
		const sitemapXml = await sitemap.text();
		const rss = await fetch(`${app.url}/portal/${C}/rss.xml`);
		expect(rss.headers.get('content-type')).toContain('application/rss+xml');
		const rssXml = await rss.text();
		const parsed = await page.evaluate(
			([a, b]) => {
				const parse = (s: string) => new DOMParser().parseFromString(s, 'application/xml');
				const sm = parse(a);
				const feed = parse(b);
				return {
					errors: [sm, feed].map((d) => d.getElementsByTagName('parsererror').length),
					locs: [...sm.getElementsByTagName('loc')].map((e) => e.textContent ?? ''),
					root: feed.documentElement.nodeName,
					items: [...feed.getElementsByTagName('item')].map((i) => i.getElementsByTagName('link')[0]?.textContent ?? '')
				};
			},
			[sitemapXml, rssXml]
		);
		expect(parsed.errors).toEqual([0, 0]);
		expect(parsed.root).toBe('rss');
		expect(parsed.items.length).toBeGreaterThanOrEqual(2);
		expect(parsed.locs).toContain(`${app.url}/portal/${C}`);
		expect(parsed.locs).toContain(`${app.url}/portal/24997/programme`);
		expect(parsed.locs).toContain(`${app.url}/portal/38/news`);
		for (const item of parsed.items) expect(parsed.locs).toContain(item);
		// Villages and the districts dissolved in 2025 have no portal.
		expect(parsed.locs.some((l) => /\/portal\/(16108-0\d|38-HT)(\/|$)/.test(l))).toBe(false);
		const failed: string[] = [];
		for (const loc of new Set([...parsed.locs, ...parsed.items])) {
			const res = await fetch(loc, { method: 'GET' });
			if (res.status !== 200) failed.push(`${res.status} ${loc}`);
			await res.arrayBuffer();
		}
		expect(failed).toEqual([]);
	});
});

describe('bad input to the public portal', () => {
	test('bad codes, ids, page numbers, script in query strings and other methods: 4xx, never 5xx, never echoed script', async () => {
		const get = [
			'/portal/KHONGCO',
			`/portal/${encodeURIComponent(SCRIPT)}`,
			"/portal/16108'%20OR%20'1'='1",
			'/portal/16108-01',
			'/portal/38-HT',
			'/portal/38-HT/news',
			`/portal/${'9'.repeat(5000)}`,
			'/portal/16108/news?page=0',
			'/portal/16108/news?page=-3',
			'/portal/16108/news?page=abc',
			'/portal/16108/news?page=99999999999999999999',
			'/portal/16108/news?page=999999',
			`/portal/16108/news?page=${encodeURIComponent(SCRIPT)}`,
			'/portal/16108/news/khong-co',
			`/portal/16108/news/${encodeURIComponent(SCRIPT)}`,
			'/portal/16108/news/00000000-0000-0000-0000-000000000000',
			'/portal/24997/news/' + article.split('/').at(-1),
			'/portal/16108/documents/x/docx',
			'/portal/16108/documents/00000000-0000-0000-0000-000000000000/pdf',
			'/portal/16108/documents/00000000-0000-0000-0000-000000000000/exe',
			'/portal/16108/leaflets/x/pdf',
			'/portal/KHONGCO/rss.xml',
			'/portal/16108-01/rss.xml',
			'/portal/16108/%E0%A4%A',
			'/portal',
			'/portal/16108/khong-co-trang-nay',
			'/portal/16108/news/x/y/z'
		];
		for (const path of get) {
			const res = await rawRequest(app.url, { method: 'GET', path, headers: { accept: 'text/html' } });
			expect(res.status, path).toBeGreaterThanOrEqual(400);
			expect(res.status, path).toBeLessThan(500);
			expect(res.body, path).not.toContain('<script>window.__xss');
			// Every error under /portal is the portal's own page (or plain text), without script. An
			// address that does not decode is refused before routing, with the site's error page.
			if (!path.includes('%E0')) expect(res.body.match(/<script/gi), `${path}: no script on the error page`).toBeNull();
		}
		// The 404 of an unknown unit speaks both languages; a dissolved one says so.
		const unknown = await rawRequest(app.url, { method: 'GET', path: '/portal/KHONGCO', headers: { accept: 'text/html' } });
		expect(unknown.body).toContain('Không tìm thấy cổng thông tin này');
		expect(unknown.body).toContain('This portal was not found');
		const gone = await rawRequest(app.url, { method: 'GET', path: '/portal/38-HT/news', headers: { accept: 'text/html' } });
		expect(gone.status).toBe(404);
		expect(gone.body).toContain('Huyện Hà Trung');

		// Script in any query string is never echoed; unknown parameters are ignored.
		for (const path of [`/portal/16108?q=${encodeURIComponent(SCRIPT)}`, `/portal/16108/schedule?date=${encodeURIComponent(SCRIPT)}`, `/sitemap.xml?x=${encodeURIComponent(SCRIPT)}`]) {
			const res = await rawRequest(app.url, { method: 'GET', path, headers: { accept: 'text/html' } });
			expect(res.status, path).toBe(200);
			// The address comes back only percent-encoded (the language links' way back).
			expect(res.body, path).not.toContain('<script>window.__xss');
			expect(res.body, path).not.toContain('onerror="window.__xss');
		}

		// HEAD on every public address; other methods refused without a 5xx.
		const pages = ['', '/news', '/programme', '/documents', '/leaflets', '/schedule', '/rss.xml'].map((p) => `/portal/16108${p}`).concat(['/sitemap.xml', '/robots.txt']);
		for (const path of pages) {
			const head = await rawRequest(app.url, { method: 'HEAD', path });
			expect(head.status, `HEAD ${path}`).toBe(200);
			for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
				const res = await rawRequest(app.url, { method, path, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, accept: 'text/html' }, body: 'a=' + encodeURIComponent(SCRIPT) });
				expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
				expect(res.status, `${method} ${path}`).toBeLessThan(500);
			}
		}
	});
});

describe('the portal\'s error pages', () => {
	test('an unknown or malformed unit code answers 404 with the portal\'s page: no script, the message in Vietnamese and English, no WCAG 2.1 AA violation', async () => {
		for (const lang of ['vi', 'en'] as const) {
			for (const path of ['/portal/99999', '/portal/%3Cscript%3E', '/portal/16108/khong-co-trang-nay']) {
				const raw = await fetch(app.url + path, { headers: { cookie: `lang=${lang}`, accept: 'text/html' } });
				expect(raw.status, `${lang} ${path}`).toBe(404);
				const html = await raw.text();
				expect(html.match(/<script/gi), `${lang} ${path} ships no script`).toBeNull();
				const page = await (await browser.newContext()).newPage();
				await page.context().addCookies([{ name: 'lang', value: lang, url: app.url }]);
				const res = await page.goto(app.url + path);
				expect(res?.status(), path).toBe(404);
				expect(await page.locator('html').getAttribute('lang'), path).toBe(lang);
				expect(await page.locator('main h1').textContent(), path).toContain(t(lang, 'portal.error.title'));
				const message = (await page.locator('main [role="alert"]').textContent()) ?? '';
				// The message names the trouble in both languages, whichever the page is in.
				if (path.includes('khong-co')) expect(message).toBe(tBoth('error.notFound'));
				else expect(message).toBe(tBoth('portal.notFoundBoth'));
				expect(await page.locator('main a[href="/"]').textContent()).toBe(t(lang, 'portal.footerAll'));
				expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
				const violations = await axeViolations(page);
				expect(violations, `${lang} ${path}\n${describeViolations(violations)}`).toEqual([]);
			}
		}
	});
});

describe('writing the programme page in the workspace', () => {
	const form = (cookie: string, fields: Record<string, string>) => ({
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: app.url, cookie },
		body: new URLSearchParams(fields).toString()
	});

	test('a commune officer edits their commune\'s page (script stays text); another commune\'s officer and the village head are refused', async () => {
		const habinh = await apiSignIn(app.url, 'canbo.habinh');
		const daquyn = await apiSignIn(app.url, 'canbo.daquyn');
		const village = await apiSignIn(app.url, 'truongthon.habinh');
		const finance = await apiSignIn(app.url, 'ketoan.habinh');

		const list = await fetch(app.url + '/app/portal', { headers: { cookie: habinh } });
		expect(list.status).toBe(200);
		const listHtml = await list.text();
		expect(listHtml).toContain('href="/app/portal/16108"');
		expect(listHtml).not.toContain('href="/app/portal/24997"');
		expect((await fetch(app.url + '/app/portal', { headers: { cookie: finance } })).status).toBe(403);
		expect((await fetch(app.url + '/app/portal/16108', { headers: { cookie: daquyn } })).status).toBe(403);
		expect((await fetch(app.url + '/app/portal/16108', { headers: { cookie: village } })).status).toBe(403);
		expect((await fetch(app.url + '/app/portal/KHONGCO', { headers: { cookie: habinh } })).status).toBe(404);

		const page = await (await fetch(app.url + '/app/portal/16108', { headers: { cookie: habinh } })).text();
		const version = /name="version" value="(\d+)"/.exec(page)![1];
		// Refused writes change nothing.
		for (const [who, cookie] of [['daquyn', daquyn], ['village', village]] as const) {
			const res = await rawRequest(app.url, { path: '/app/portal/16108?/save', ...form(cookie, { title: 'Ghi đè ' + who, body: 'Không được', version }) });
			expect(res.status, who).toBe(403);
		}
		for (const bad of [{ title: '', body: 'x', version }, { title: 'x', body: '', version }, { title: 'x'.repeat(300), body: 'y', version }, { title: 'x', body: 'y', version: 'abc' }]) {
			const res = await rawRequest(app.url, { path: '/app/portal/16108?/save', ...form(habinh, bad) });
			expect(res.status).toBe(400);
		}
		const huge = await rawRequest(app.url, { path: '/app/portal/16108?/save', ...form(habinh, { title: 'Lớn', body: 'x'.repeat(2_000_000), version }) });
		expect(huge.status).toBeGreaterThanOrEqual(400);
		expect(huge.status).toBeLessThan(500);
		expect(await (await fetch(`${app.url}/portal/16108/programme`)).text()).toContain('Giảm nghèo ở Hà Bình');

		const saved = await rawRequest(app.url, { path: '/app/portal/16108?/save', ...form(habinh, { title: 'Chính sách mới ' + SCRIPT, body: 'Đoạn một.\n\n- Ý ' + SCRIPT, version }) });
		expect(saved.status).toBe(200);
		expect(saved.body).toContain(t('vi', 'portal.edit.saved'));
		// Saving again from the old version is a conflict, and the text typed is kept in the form.
		const stale = await rawRequest(app.url, { path: '/app/portal/16108?/save', ...form(habinh, { title: 'Bản cũ', body: 'Giữ lại chữ này', version }) });
		expect(stale.status).toBe(409);
		expect(stale.body).toContain('Giữ lại chữ này');

		const pub = await (await fetch(`${app.url}/portal/16108/programme`)).text();
		expect(pub).toContain('Chính sách mới &lt;script>window.__xss=1&lt;/script>');
		expect(pub).not.toContain('<script>window.__xss');
		expect(await (await fetch(`${app.url}/portal/24997/programme`)).text()).toContain('Đa Quyn');
	});
});
