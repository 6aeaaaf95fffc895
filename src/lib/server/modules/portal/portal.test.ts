import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { findAuditEntries } from '../../audit/audit.service';
import { systemActor } from '../../access/actor';
import { buildActor, buildUnit } from '../../testing/factories';
import { today } from '../../periods';
import { units } from '../units/units.tables';
import { buildContent } from '../content/content.fixtures';
import { uploadLeafletPdf } from '../content/content.leaflet';
import { simplePdf } from '../content/content.simple-pdf';
import { publishContent } from '../content/content.workflow';
import { buildLoudspeakerWorld } from '../loudspeakers/loudspeakers.testing';
import { placeBulletin } from '../loudspeakers/loudspeakers.schedule';
import { buildPlan } from '../plans/plans.fixtures';
import { events } from '../events/events.tables';
import { stories } from '../stories/stories.tables';
import {
	findDocuments,
	findEditablePortals,
	findLeaflets,
	findNews,
	findPortalUnit,
	getArticle,
	getDocumentFile,
	getEditablePage,
	getHome,
	getLeafletPdf,
	getPortalPage,
	getSchedule,
	paragraphsOf,
	parsePage,
	savePortalPage,
	type PortalUnit
} from './portal.service';
import { buildRss, buildSitemap, sitemapUrls, xmlEscape } from './portal.feeds';

const SCRIPT = '<script>alert(1)</script>';

describe.each(testDrivers)('public portal (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildLoudspeakerWorld>>;
	let c1: PortalUnit;
	let c2: PortalUnit;
	let p1: PortalUnit;
	const db = () => database.db;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		world = await buildLoudspeakerWorld(database.db);
		c1 = (await findPortalUnit(database.db, 'C1'))!;
		c2 = (await findPortalUnit(database.db, 'C2'))!;
		p1 = (await findPortalUnit(database.db, 'P1'))!;
	}, 120_000);
	afterAll(() => database.close());

	it('has a portal for provinces and communes only; villages, unknown and malformed codes have none; a merged unit points to its successor', async () => {
		expect(c1).toMatchObject({ code: 'C1', name: 'Xã Một', active: true, ancestors: [{ code: 'P1', name: 'Tỉnh Một' }] });
		expect(c1.villages.map((v) => v.code)).toEqual(['C1-V1', 'C1-V2']);
		expect(p1.communes.map((c) => c.code)).toEqual(['C1']);
		for (const code of ['C1-V1', 'NOPE', '', ' ', '../C1', SCRIPT, "C1' OR '1'='1", 'x'.repeat(100), 'C1%00']) expect(await findPortalUnit(db(), code), code).toBeNull();
		const old = await buildUnit(db(), { code: 'C1-OLD', name: 'Xã Cũ', level: 'commune', parentCode: 'P1', validTo: '2025-06-30' });
		await db().update(units).set({ successorId: c1.id }).where(eq(units.code, old.code));
		expect(await findPortalUnit(db(), 'C1-OLD')).toMatchObject({ active: false, validTo: '2025-06-30', successor: { code: 'C1', name: 'Xã Một' } });
		// Merged units have no portal in the sitemap.
		expect((await sitemapUrls(db(), 'https://x.vn')).some((u) => u.loc.includes('C1-OLD'))).toBe(false);
	});

	it('page numbers: absent is 1; anything but a whole number from 1 is refused', () => {
		expect(parsePage(null)).toBe(1);
		expect(parsePage('')).toBe(1);
		expect(parsePage('3')).toBe(3);
		for (const bad of ['0', '-1', '1.5', 'abc', SCRIPT, '1e9', '9'.repeat(12), "1' OR 1=1"]) expect(() => parsePage(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
	});

	it('news: only published articles of the unit and below, newest first, ten to a page; a page past the end is "not found"', async () => {
		const draft = await buildContent(world, { kind: 'article', title: 'Bản nháp chưa đăng', status: 'approved' });
		const other = await buildContent(world, { unit: 'C2', kind: 'article', title: 'Tin xã Hai', status: 'published', author: world.actors.otherOfficer, approver: world.actors.otherLeader });
		const published = [];
		for (let i = 0; i < 11; i++) published.push(await buildContent(world, { unit: i % 2 ? 'C1-V1' : 'C1', kind: 'article', title: `Tin số ${i} ${SCRIPT}`, status: 'published' }));
		const page1 = await findNews(db(), c1, 1);
		expect(page1).toMatchObject({ page: 1, pages: 2, total: 11 });
		expect(page1.items).toHaveLength(10);
		const page2 = await findNews(db(), c1, 2);
		const ids = [...page1.items, ...page2.items].map((i) => i.id);
		expect(new Set(ids)).toEqual(new Set(published.map((p) => p.id)));
		expect(ids).not.toContain(draft.id);
		expect(ids).not.toContain(other.id);
		const times = [...page1.items, ...page2.items].map((i) => i.publishedAt);
		expect(times).toEqual([...times].sort().reverse());
		await expect(findNews(db(), c1, 3)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'portal.pageNotFound' });
		await expect(findNews(db(), c1, 999_999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		// The province sees its communes' news.
		expect((await findNews(db(), p1, 1)).total).toBe(11);
		expect((await findNews(db(), c2, 1)).items.map((i) => i.id)).toEqual([other.id]);

		// One article: published and in reach, else "not found".
		const article = await getArticle(db(), c1, published[0].id);
		expect(article.title).toBe(`Tin số 0 ${SCRIPT}`);
		await expect(getArticle(db(), c1, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getArticle(db(), c1, other.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getArticle(db(), c2, published[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		for (const bad of ['x', SCRIPT, "' OR 1=1 --", '00000000-0000-0000-0000-000000000000']) await expect(getArticle(db(), c1, bad)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('leaflets: published ones with their PDF; unpublished or other communes\' PDFs are not served', async () => {
		const make = async (unit: string, status: 'approved' | 'published') => {
			const other = unit === 'C2';
			const item = await buildContent(world, {
				unit,
				kind: 'leaflet',
				title: `Tờ rơi ${unit} ${status}`,
				status: 'draft',
				...(other ? { author: world.actors.otherOfficer, approver: world.actors.otherLeader } : {})
			});
			await uploadLeafletPdf({ db: db(), actor: other ? world.actors.otherOfficer : world.actors.officer }, item.id, { bytes: simplePdf([{ text: item.title, size: 14 }]), name: 'to-roi.pdf' });
			return item;
		};
		const unpublished = await make('C1', 'approved');
		const leaflet = await make('C1', 'published');
		const { submitContent, approveContent } = await import('../content/content.workflow');
		await submitContent(world.as(world.actors.officer), leaflet.id);
		await approveContent(world.as(world.actors.leader), leaflet.id);
		await publishContent(world.as(world.actors.officer), leaflet.id);
		const list = await findLeaflets(db(), c1);
		expect(list.map((l) => l.id)).toEqual([leaflet.id]);
		expect(list[0].hasPdf).toBe(true);
		const pdf = await getLeafletPdf(db(), c1, leaflet.id);
		expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
		await expect(getLeafletPdf(db(), c1, unpublished.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getLeafletPdf(db(), c2, leaflet.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getLeafletPdf(db(), c1, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('documents: issued plans of the unit only, as DOCX; drafts and other units\' plans are "not found"', async () => {
		const issued = await buildPlan(db(), { unitCode: 'C1', status: 'issued', now: () => new Date('2026-02-03T02:00:00Z') });
		const draft = await buildPlan(db(), { unitCode: 'C1', year: 2027, status: 'approved' });
		const foreign = await buildPlan(db(), { unitCode: 'C2', status: 'issued' });
		const docs = await findDocuments(db(), c1);
		expect(docs.map((d) => d.id)).toEqual([issued.id]);
		expect(docs[0]).toMatchObject({ issuedOn: '2026-02-03', reference: expect.stringMatching(/^\d+\/KH-UBND$/) });
		const file = await getDocumentFile(db(), c1, issued.id, 'docx');
		expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
		expect(file.name).toMatch(/^ke-hoach-C1-\d+-KH-UBND\.docx$/);
		await expect(getDocumentFile(db(), c1, draft.id, 'docx')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getDocumentFile(db(), c1, foreign.id, 'docx')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getDocumentFile(db(), c1, issued.id, 'exe')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getDocumentFile(db(), c1, SCRIPT, 'pdf')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('loudspeaker schedule: the next 7 days by village, published bulletins only, never an approved-but-unpublished one', async () => {
		const from = today();
		const to = new Date(Date.parse(`${from}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
		const shown = await world.bulletin('Lịch tiêm chủng tuần này', 30);
		const hidden = await world.bulletin('Bản tin chưa đăng', 30);
		const foreign = await world.bulletin('Bản tin xã Hai', 30, 'normal', 'C2');
		const officer = { db: db(), actor: world.actors.officer };
		await placeBulletin(officer, { contentId: shown.id, stationId: world.stations.v1.id, from, to });
		await placeBulletin(officer, { contentId: hidden.id, stationId: world.stations.v1.id, from, to });
		await placeBulletin({ db: db(), actor: world.actors.otherOfficer }, { contentId: foreign.id, stationId: world.stations.other.id, from, to });
		await publishContent(world.as(world.actors.officer), shown.id);
		await publishContent(world.as(world.actors.otherOfficer), foreign.id);

		const s = await getSchedule(db(), c1);
		expect(s).toMatchObject({ from, to });
		expect(s.places.map((p) => p.code)).toEqual(['C1-V1']);
		expect(new Set(s.places[0].rows.map((r) => r.contentId))).toEqual(new Set([shown.id]));
		expect(s.places[0].rows.length).toBeGreaterThanOrEqual(7);
		expect(s.places[0].rows.every((r) => r.date >= from && r.date <= to)).toBe(true);
		expect(s.bulletins.map((b) => b.id)).toEqual([shown.id]);
		expect(JSON.stringify(s)).not.toContain('Bản tin chưa đăng');
		expect((await getSchedule(db(), c2)).bulletins.map((b) => b.id)).toEqual([foreign.id]);

		const home = await getHome(db(), c1);
		expect(home.schedule.places).toEqual([{ code: 'C1-V1', name: 'Thôn Một', broadcasts: s.places[0].rows.length, bulletins: 1 }]);
		expect(home.news.length).toBeGreaterThan(0);
	});

	it('home: upcoming published events and published stories of the unit only', async () => {
		const [v1] = await db().select().from(units).where(eq(units.code, 'C1-V1'));
		const [u2] = await db().select().from(units).where(eq(units.code, 'C2'));
		const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
		const past = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
		await db().insert(events).values([
			{ unitId: v1.id, title: 'Đối thoại với hộ nghèo thôn Một', date: future, published: true },
			{ unitId: v1.id, title: 'Chưa công bố', date: future, published: false },
			{ unitId: v1.id, title: 'Đã qua', date: past, published: true },
			{ unitId: v1.id, title: 'Đã hủy', date: future, published: true, status: 'cancelled' },
			{ unitId: u2.id, title: 'Của xã Hai', date: future, published: true }
		]);
		await db().insert(stories).values([
			{ unitId: v1.id, subjectKind: 'household', subjectName: 'Gia đình chị A', title: 'Thoát nghèo nhờ nuôi ong', summary: 'Tóm tắt.', whatTheyDid: 'Nuôi ong.', results: 'Thu nhập tăng.', status: 'published', publishedAt: new Date() },
			{ unitId: v1.id, subjectKind: 'person', subjectName: 'Anh B', title: 'Chưa duyệt', summary: '.', whatTheyDid: '.', results: '.', status: 'approved' }
		]);
		const home = await getHome(db(), c1);
		expect(home.events.map((e) => e.title)).toEqual(['Đối thoại với hộ nghèo thôn Một']);
		expect(home.stories.map((s) => s.title)).toEqual(['Thoát nghèo nhờ nuôi ong']);
		const urls = (await sitemapUrls(db(), 'https://x.vn')).map((u) => u.loc);
		const evId = (await db().select().from(events).where(eq(events.title, 'Đối thoại với hộ nghèo thôn Một')))[0].id;
		expect(urls).toContain(`https://x.vn/portal/C1/events/${evId}`);
		expect(urls.some((u) => u.includes('/stories/'))).toBe(true);
		expect(urls).toContain('https://x.vn/portal/C1/news');
		expect(urls).toContain('https://x.vn/portal/P1');
		expect(urls.some((u) => u.includes('C1-V1'))).toBe(false);
	});

	it('the programme page: written by content editors of the unit only, versioned, audited; bad input refused', async () => {
		const { officer, otherOfficer, village, viewer, province } = world.actors;
		expect(await getPortalPage(db(), c1, 'programme')).toBeNull();
		await expect(savePortalPage({ db: db(), actor: otherOfficer }, 'C1', 'programme', { title: 'Xâm nhập', body: 'Không được.' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(savePortalPage({ db: db(), actor: village }, 'C1', 'programme', { title: 'Trưởng thôn', body: 'Không được.' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(savePortalPage({ db: db(), actor: viewer }, 'C1', 'programme', { title: 'Xem', body: 'Không được.' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getEditablePage({ db: db(), actor: otherOfficer }, 'C1', 'programme')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getEditablePage({ db: db(), actor: village }, 'C1', 'programme')).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await getPortalPage(db(), c1, 'programme')).toBeNull();

		for (const bad of [{}, { title: '', body: 'x' }, { title: 'x', body: '   ' }, { title: 'x'.repeat(201), body: 'x' }, { title: 'x', body: 'x'.repeat(20_001) }, { title: 1, body: ['a'] }, { title: 'x', body: 'y', version: 'abc' }])
			await expect(savePortalPage({ db: db(), actor: officer }, 'C1', 'programme', bad), JSON.stringify(bad).slice(0, 40)).rejects.toMatchObject({ name: 'ZodError' });
		await expect(savePortalPage({ db: db(), actor: officer }, 'C1', 'secret', { title: 'x', body: 'y' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(savePortalPage({ db: db(), actor: officer }, 'NOPE', 'programme', { title: 'x', body: 'y' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

		const first = await savePortalPage({ db: db(), actor: officer }, 'C1', 'programme', { title: `Chính sách ${SCRIPT}`, body: `Đoạn một.\n\n- Ý một\n- Ý hai\n\n## Tiêu đề\nĐoạn ${SCRIPT}`, version: 0 });
		expect(first.version).toBe(1);
		const page = await getPortalPage(db(), c1, 'programme');
		expect(page).toMatchObject({ title: `Chính sách ${SCRIPT}`, version: 1 });
		expect(page!.blocks).toEqual([
			{ kind: 'p', text: 'Đoạn một.' },
			{ kind: 'ul', items: ['Ý một', 'Ý hai'] },
			{ kind: 'h', text: 'Tiêu đề' },
			{ kind: 'p', text: `Đoạn ${SCRIPT}` }
		]);
		// Someone saving from the older version is told, and the newer text stays.
		const second = await savePortalPage({ db: db(), actor: province }, 'C1', 'programme', { title: 'Bản hai', body: 'Nội dung hai.', version: 1 });
		expect(second.version).toBe(2);
		await expect(savePortalPage({ db: db(), actor: officer }, 'C1', 'programme', { title: 'Bản cũ', body: 'Ghi đè?', version: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await getPortalPage(db(), c1, 'programme'))!.title).toBe('Bản hai');
		expect(await getPortalPage(db(), c2, 'programme')).toBeNull();

		const audit = await findAuditEntries(db(), systemActor, { entityType: 'portal_page', limit: 10, offset: 0 });
		expect(audit.items.map((e) => e.entry.action).reverse()).toEqual(['portal_page.create', 'portal_page.update']);

		expect((await findEditablePortals({ db: db(), actor: officer })).map((p) => p.code)).toEqual(['C1']);
		expect((await findEditablePortals({ db: db(), actor: village })).map((p) => p.code)).toEqual([]);
		expect((await findEditablePortals({ db: db(), actor: province })).map((p) => p.code)).toEqual(['P1', 'C1']);
		const onlyOther = await buildActor(db(), 'commune_officer', 'C2');
		expect((await findEditablePortals({ db: db(), actor: onlyOther })).map((p) => p.code)).toEqual(['C2']);
	});
});

describe('portal text and feeds', () => {
	it('plain text becomes paragraphs, lists and headings; nothing is interpreted as markup', () => {
		expect(paragraphsOf('a\nb\n\n\n- x\n* y\nc\r\n\r\n## h')).toEqual([
			{ kind: 'p', text: 'a b' },
			{ kind: 'ul', items: ['x', 'y'] },
			{ kind: 'p', text: 'c' },
			{ kind: 'h', text: 'h' }
		]);
		expect(paragraphsOf('')).toEqual([]);
	});

	it('XML escaping handles markup, quotes and characters XML forbids', () => {
		expect(xmlEscape(`<a href="x">T&C's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;T&amp;C&apos;s&lt;/a&gt;');
		expect(xmlEscape('a\u0000b\u0007c\u001Fd\uFFFEe\ud800f\tg\nh')).toBe('abcdef\tg\nh');
		const rss = buildRss({
			origin: 'https://xa.vn',
			unit: { code: 'C1', name: 'Xã <Một> & "Hai"' },
			title: 'Tin & tức',
			description: 'Mô tả',
			language: 'vi',
			items: [{ id: 'abc', title: SCRIPT, summary: ']]> & <b>', publishedAt: '2026-11-02T03:00:00.000Z', unitName: 'Xã Một' }]
		});
		expect(rss).not.toContain('<script>');
		expect(rss).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
		expect(rss).toContain('<link>https://xa.vn/portal/C1/news/abc</link>');
		expect(rss).toContain('<pubDate>Mon, 02 Nov 2026 03:00:00 GMT</pubDate>');
		expect(buildSitemap([{ loc: 'https://xa.vn/portal/C1?a=1&b=2' }])).toContain('<loc>https://xa.vn/portal/C1?a=1&amp;b=2</loc>');
	});
});
