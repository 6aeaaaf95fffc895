import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { conflict, invalid, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { today } from '../../periods';
import { readStoredFile } from '../../files/store';
import { documentContentTypes } from '../../documents';
import { renderPlanDocx, renderPlanPdf } from '../plans/document';
import { unitAncestors } from '../units/units.service';
import { portalPages } from './portal.tables';
import { assertCanEditPortal, canEditPortal } from './portal.policy';
import * as repo from './portal.repository';
import { and, eq } from 'drizzle-orm';

/** Levels that have a portal of their own. */
export const PORTAL_LEVELS = ['province', 'commune'];
export const NEWS_PAGE_SIZE = 10;
export const SCHEDULE_DAYS = 7;
/** Slugs of the pages officers write; only the programme page for now. */
export const PAGE_SLUGS = ['programme'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

export interface PortalUnit {
	id: string;
	code: string;
	name: string;
	level: string;
	path: string;
	/** False once the unit was merged or dissolved: its pages then say where to go. */
	active: boolean;
	validTo: string | null;
	successor: { code: string; name: string } | null;
	ancestors: { code: string; name: string }[];
	communes: { code: string; name: string }[];
	/** Names of a commune's villages (public, as on official documents). */
	villages: { code: string; name: string }[];
}

/**
 * The unit a portal address names: a province or commune (villages have no portal), or one that
 * was merged or dissolved, with where it went. Null for anything else, including malformed codes.
 */
export async function findPortalUnit(db: Db, rawCode: string): Promise<PortalUnit | null> {
	const code = rawCode.trim();
	if (!CODE_RE.test(code)) return null;
	const row = await repo.selectUnitRow(db, code);
	if (!row || row.level === 'village') return null;
	const active = !row.validTo && !row.successorId;
	if (active && !PORTAL_LEVELS.includes(row.level)) return null;
	const [ancestors, successor, children] = await Promise.all([
		unitAncestors(db, row),
		row.successorId ? repo.selectUnitsByIds(db, [row.successorId]) : [],
		active ? repo.selectChildren(db, row.id) : []
	]);
	return {
		id: row.id,
		code: row.code,
		name: row.name,
		level: row.level,
		path: row.path,
		active,
		validTo: row.validTo,
		successor: successor[0] ? { code: successor[0].code, name: successor[0].name } : null,
		ancestors: ancestors.filter((a) => PORTAL_LEVELS.includes(a.level)).map((a) => ({ code: a.code, name: a.name })),
		communes: children.filter((c) => c.level === 'commune'),
		villages: children.filter((c) => c.level === 'village')
	};
}

/** A page number from the address: absent means 1; anything but a whole number from 1 is refused. */
export function parsePage(raw: string | null): number {
	if (raw === null || raw === '') return 1;
	if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw invalid('portal.badPage', { page: raw.slice(0, 20) });
	return Number(raw);
}

const day = (d: Date | null) => (d ? today(d) : null);

/** Published articles of the unit and the units under it, newest first, one page at a time. */
export async function findNews(db: Db, unit: PortalUnit, page: number, size = NEWS_PAGE_SIZE) {
	const total = await repo.countPublished(db, unit.path, 'article');
	const pages = Math.max(1, Math.ceil(total / size));
	if (page > pages) throw notFound('portal.pageNotFound', { page, pages });
	const rows = await repo.selectPublished(db, unit.path, 'article', size, (page - 1) * size);
	return {
		items: rows.map((r) => ({ id: r.id, title: r.title, summary: r.summary ?? leadOf(r.body), publishedOn: day(r.publishedAt)!, publishedAt: r.publishedAt!.toISOString(), unitName: r.unitName, unitCode: r.unitCode })),
		page,
		pages,
		total
	};
}

/** The first sentences of a text, for lists and description tags. */
export function leadOf(body: string, max = 200): string {
	const flat = body.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const cut = flat.slice(0, max);
	return cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)) + '…';
}

/** One published article of the unit or a unit under it; anything else is "not found". */
export async function getArticle(db: Db, unit: PortalUnit, id: string) {
	if (!isUuid(id)) throw notFound('portal.articleNotFound');
	const r = await repo.selectPublishedItem(db, unit.path, 'article', id);
	if (!r) throw notFound('portal.articleNotFound');
	return {
		id: r.id,
		title: r.title,
		summary: r.summary ?? leadOf(r.body),
		paragraphs: paragraphsOf(r.body),
		publishedOn: day(r.publishedAt)!,
		publishedAt: r.publishedAt!.toISOString(),
		updatedAt: r.updatedAt.toISOString(),
		unitName: r.unitName
	};
}

export type Block = { kind: 'p'; text: string } | { kind: 'ul'; items: string[] } | { kind: 'h'; text: string };

/**
 * Plain text as blocks: paragraphs split by blank lines, lines starting with "- " as a list,
 * a line starting with "## " as a heading. Text only: the page escapes it when it shows it.
 */
export function paragraphsOf(body: string): Block[] {
	const blocks: Block[] = [];
	for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
		const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
		if (!lines.length) continue;
		let para: string[] = [];
		let list: string[] = [];
		const flush = () => {
			if (para.length) blocks.push({ kind: 'p', text: para.join(' ') });
			if (list.length) blocks.push({ kind: 'ul', items: list });
			para = [];
			list = [];
		};
		for (const line of lines) {
			if (line.startsWith('## ')) {
				flush();
				blocks.push({ kind: 'h', text: line.slice(3).trim() });
			} else if (/^[-•*]\s+/.test(line)) {
				if (para.length) {
					blocks.push({ kind: 'p', text: para.join(' ') });
					para = [];
				}
				list.push(line.replace(/^[-•*]\s+/, ''));
			} else {
				if (list.length) {
					blocks.push({ kind: 'ul', items: list });
					list = [];
				}
				para.push(line);
			}
		}
		flush();
	}
	return blocks;
}

/** Published leaflets of the unit and below, newest first (at most 100). */
export async function findLeaflets(db: Db, unit: PortalUnit) {
	const rows = await repo.selectPublished(db, unit.path, 'leaflet', 100, 0);
	return rows.map((r) => ({ id: r.id, title: r.title, summary: r.summary ?? leadOf(r.body), publishedOn: day(r.publishedAt)!, hasPdf: r.hasPdf, unitName: r.unitName }));
}

/** The PDF of a published leaflet of the unit or below. */
export async function getLeafletPdf(db: Db, unit: PortalUnit, id: string) {
	if (!isUuid(id)) throw notFound('portal.leafletNotFound');
	const r = await repo.selectPublishedItem(db, unit.path, 'leaflet', id);
	if (!r) throw notFound('portal.leafletNotFound');
	const file = r.fileId ? await readStoredFile(db, r.fileId) : null;
	if (!file || file.mime !== 'application/pdf') throw notFound('portal.leafletNoPdf');
	return file;
}

/** Issued plans of the unit itself, with their register numbers. */
export async function findDocuments(db: Db, unit: PortalUnit) {
	const rows = await repo.selectIssuedPlans(db, unit.id);
	return rows.map((r) => ({ id: r.id, title: r.title, reference: r.number === null ? null : `${r.number}/${r.symbol}`, issuedOn: r.issuedOn }));
}

/** Issued documents do not change: their PDFs (a second of LibreOffice each) are kept once made. */
const pdfCache = new Map<string, Buffer>();
const PDF_CACHE_SIZE = 32;

/** An issued plan of the unit as DOCX or PDF; drafts, superseded versions and other units' plans are "not found". */
export async function getDocumentFile(db: Db, unit: PortalUnit, id: string, format: string) {
	if (format !== 'docx' && format !== 'pdf') throw notFound('portal.documentNotFound');
	if (!isUuid(id)) throw notFound('portal.documentNotFound');
	const plan = await repo.selectIssuedPlan(db, unit.id, id);
	if (!plan) throw notFound('portal.documentNotFound');
	let bytes: Buffer;
	if (format === 'docx') bytes = await renderPlanDocx(plan.document);
	else {
		const key = `${plan.id}:${plan.updatedAt.getTime()}`;
		const cached = pdfCache.get(key);
		if (cached) bytes = cached;
		else {
			bytes = await renderPlanPdf(plan.document);
			pdfCache.set(key, bytes);
			if (pdfCache.size > PDF_CACHE_SIZE) pdfCache.delete(pdfCache.keys().next().value!);
		}
	}
	const reference = plan.number === null ? `v${plan.version}` : `${plan.number}-${plan.symbol}`;
	const name = `ke-hoach-${unit.code}-${reference}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
	return { bytes, name, contentType: documentContentTypes[format] };
}

function addDays(date: string, n: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}

/**
 * The loudspeaker schedule of the next days, by village: only bulletins that are published, on
 * active stations, not cancelled. Each bulletin's text appears once, below the timetable.
 */
export async function getSchedule(db: Db, unit: PortalUnit, now = new Date(), days = SCHEDULE_DAYS) {
	const from = today(now);
	const to = addDays(from, days - 1);
	const rows = await repo.selectPublicBroadcasts(db, unit.path, from, to);
	const places = new Map<string, { code: string; name: string; rows: { date: string; time: string | null; station: string; contentId: string; title: string; priority: string }[] }>();
	const bulletins = new Map<string, { id: string; title: string; priority: string; paragraphs: Block[] }>();
	for (const r of rows) {
		let place = places.get(r.unitCode);
		if (!place) places.set(r.unitCode, (place = { code: r.unitCode, name: r.unitName, rows: [] }));
		place.rows.push({ date: r.date, time: r.startTime, station: r.stationName, contentId: r.contentId, title: r.title, priority: r.priority });
		if (!bulletins.has(r.contentId)) bulletins.set(r.contentId, { id: r.contentId, title: r.title, priority: r.priority, paragraphs: paragraphsOf(r.body) });
	}
	return { from, to, places: [...places.values()], bulletins: [...bulletins.values()] };
}

/** What the home page shows: latest news, upcoming events, latest stories, this week's broadcasts. */
export async function getHome(db: Db, unit: PortalUnit, now = new Date()) {
	const [news, events, stories, schedule, documents] = await Promise.all([
		repo.selectPublished(db, unit.path, 'article', 4, 0),
		repo.selectUpcomingEvents(db, unit.path, today(now), 4),
		repo.selectLatestStories(db, unit.path, 3),
		getSchedule(db, unit, now),
		repo.selectIssuedPlans(db, unit.id)
	]);
	return {
		news: news.map((r) => ({ id: r.id, title: r.title, summary: r.summary ?? leadOf(r.body), publishedOn: day(r.publishedAt)!, unitName: r.unitName })),
		events: events.map((e) => ({ id: e.id, title: e.title, date: e.date, startTime: e.startTime, place: e.place, unitName: e.unitName })),
		stories: stories.map((s) => ({ id: s.id, title: s.title, summary: s.summary, unitName: s.unitName })),
		schedule: {
			from: schedule.from,
			to: schedule.to,
			places: schedule.places.map((p) => ({ code: p.code, name: p.name, broadcasts: p.rows.length, bulletins: new Set(p.rows.map((r) => r.contentId)).size }))
		},
		documentCount: documents.length
	};
}

/** A page officers wrote, or null when none was written yet. */
export async function getPortalPage(db: Db, unit: Pick<PortalUnit, 'id'>, slug: PageSlug) {
	const row = await repo.selectPage(db, unit.id, slug);
	if (!row) return null;
	return { title: row.title, body: row.body, blocks: paragraphsOf(row.body), updatedOn: today(row.updatedAt), updatedAt: row.updatedAt.toISOString(), version: row.version };
}

export const PortalPageInput = z.object({
	title: z.string().trim().min(1, 'portal.edit.titleRequired').max(200, 'portal.edit.titleTooLong'),
	body: z.string().trim().min(1, 'portal.edit.bodyRequired').max(20_000, 'portal.edit.bodyTooLong'),
	version: z.coerce.number().int().min(0).max(1_000_000).optional()
});
export type PortalPageInput = z.infer<typeof PortalPageInput>;

interface Ctx {
	db: Db;
	actor: Actor;
}

/** Portals the actor may write pages for (active provinces and communes where they hold content.edit). */
export async function findEditablePortals(ctx: Ctx) {
	const all = await repo.selectPortalUnits(ctx.db);
	const mine = all.filter((u) => canEditPortal(ctx.actor, u.path));
	const pages = await Promise.all(mine.map((u) => repo.selectPage(ctx.db, u.id, 'programme')));
	return mine.map((u, i) => ({ code: u.code, name: u.name, level: u.level, programmeUpdatedOn: pages[i] ? today(pages[i]!.updatedAt) : null }));
}

async function editableUnit(ctx: Ctx, code: string): Promise<PortalUnit> {
	const unit = await findPortalUnit(ctx.db, code);
	if (!unit) throw notFound('portal.notFoundBoth');
	assertCanEditPortal(ctx.actor, unit.path);
	if (!unit.active) throw invalid('portal.edit.inactive', { unit: unit.name });
	return unit;
}

/** A page as the edit form shows it (the text written so far, or nothing yet). */
export async function getEditablePage(ctx: Ctx, code: string, slug: PageSlug) {
	const unit = await editableUnit(ctx, code);
	return { unit: { code: unit.code, name: unit.name }, page: await getPortalPage(ctx.db, unit, slug) };
}

/**
 * Writes a page of the unit's portal: the first save creates it; later saves must name the
 * version they started from, so two officers editing at once cannot overwrite each other unseen.
 */
export async function savePortalPage(ctx: Ctx, code: string, slug: string, raw: unknown) {
	if (!(PAGE_SLUGS as readonly string[]).includes(slug)) throw notFound('portal.notFoundBoth');
	const input = PortalPageInput.parse(raw);
	const unit = await editableUnit(ctx, code);
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx
			.select()
			.from(portalPages)
			.where(and(eq(portalPages.unitId, unit.id), eq(portalPages.slug, slug)))
			.for('update');
		if (before && input.version !== undefined && input.version !== before.version) throw conflict('portal.edit.changed');
		if (!before && input.version !== undefined && input.version !== 0) throw conflict('portal.edit.changed');
		const now = new Date();
		let row;
		if (before) {
			[row] = await tx
				.update(portalPages)
				.set({ title: input.title, body: input.body, version: before.version + 1, updatedBy: ctx.actor.userId, updatedAt: now })
				.where(eq(portalPages.id, before.id))
				.returning();
		} else {
			[row] = await tx
				.insert(portalPages)
				.values({ unitId: unit.id, slug, title: input.title, body: input.body, updatedBy: ctx.actor.userId, updatedAt: now })
				.onConflictDoNothing()
				.returning();
			if (!row) throw conflict('portal.edit.changed');
		}
		await recordChange(tx, ctx.actor, {
			action: before ? 'portal_page.update' : 'portal_page.create',
			entityType: 'portal_page',
			entityId: row.id,
			unitId: unit.id,
			before: before ? { title: before.title, body: before.body, version: before.version } : null,
			after: { slug, title: row.title, body: row.body, version: row.version }
		});
		return { version: row.version, updatedAt: row.updatedAt.toISOString() };
	});
}

