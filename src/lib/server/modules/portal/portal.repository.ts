import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { escapeLike } from '../../access/actor';
import { units } from '../units/units.tables';
import { contentItems } from '../content/content.tables';
import { plans } from '../plans/plans.tables';
import { broadcasts, stations, stationSlots } from '../loudspeakers/loudspeakers.tables';
import { events } from '../events/events.tables';
import { stories } from '../stories/stories.tables';
import { portalPages } from './portal.tables';

/** Everything under a unit (itself included): one indexed LIKE on the materialised path. */
const under = (path: string) => sql`${units.path} LIKE ${escapeLike(path) + '%'}`;

export async function selectUnitRow(db: Db, code: string) {
	const [row] = await db.select().from(units).where(eq(units.code, code)).limit(1);
	return row;
}

export async function selectUnitsByIds(db: Db, ids: string[]) {
	if (!ids.length) return [];
	return db.select({ id: units.id, code: units.code, name: units.name, level: units.level }).from(units).where(inArray(units.id, ids));
}

/** Active provinces and communes: the units that have a portal. */
export async function selectPortalUnits(db: Db) {
	return db
		.select({ id: units.id, code: units.code, name: units.name, level: units.level, path: units.path, updatedAt: units.updatedAt })
		.from(units)
		.where(and(inArray(units.level, ['province', 'commune']), isNull(units.validTo), isNull(units.successorId)))
		.orderBy(asc(units.depth), asc(units.code));
}

/** Active communes and villages directly under a unit, by code. */
export async function selectChildren(db: Db, parentId: string) {
	return db
		.select({ code: units.code, name: units.name, level: units.level })
		.from(units)
		.where(and(eq(units.parentId, parentId), inArray(units.level, ['commune', 'village']), isNull(units.validTo)))
		.orderBy(asc(units.code));
}

const publishedOf = (path: string, kind: 'article' | 'leaflet') =>
	and(eq(contentItems.kind, kind), eq(contentItems.status, 'published'), under(path));

export async function countPublished(db: Db, path: string, kind: 'article' | 'leaflet') {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(publishedOf(path, kind));
	return row?.n ?? 0;
}

export async function selectPublished(db: Db, path: string, kind: 'article' | 'leaflet', limit: number, offset: number) {
	return db
		.select({
			id: contentItems.id,
			title: contentItems.title,
			summary: contentItems.summary,
			body: contentItems.body,
			publishedAt: contentItems.publishedAt,
			updatedAt: contentItems.updatedAt,
			hasPdf: sql<boolean>`${contentItems.fileId} IS NOT NULL`,
			unitCode: units.code,
			unitName: units.name
		})
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(publishedOf(path, kind))
		.orderBy(desc(contentItems.publishedAt), desc(contentItems.id))
		.limit(limit)
		.offset(offset);
}

export async function selectPublishedItem(db: Db, path: string, kind: 'article' | 'leaflet', id: string) {
	const [row] = await db
		.select({
			id: contentItems.id,
			title: contentItems.title,
			summary: contentItems.summary,
			body: contentItems.body,
			publishedAt: contentItems.publishedAt,
			updatedAt: contentItems.updatedAt,
			fileId: contentItems.fileId,
			unitCode: units.code,
			unitName: units.name
		})
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(and(eq(contentItems.id, id), publishedOf(path, kind)))
		.limit(1);
	return row;
}

/** Plans in force of the unit itself: issued (not drafts, not superseded versions). */
export async function selectIssuedPlans(db: Db, unitId: string) {
	return db
		.select({ id: plans.id, title: plans.title, number: plans.number, symbol: plans.symbol, issuedOn: plans.issuedOn, updatedAt: plans.updatedAt })
		.from(plans)
		.where(and(eq(plans.unitId, unitId), eq(plans.status, 'issued')))
		.orderBy(desc(plans.issuedOn), desc(plans.number));
}

export async function selectIssuedPlan(db: Db, unitId: string, id: string) {
	const [row] = await db
		.select()
		.from(plans)
		.where(and(eq(plans.id, id), eq(plans.unitId, unitId), eq(plans.status, 'issued')))
		.limit(1);
	return row;
}

/** Broadcasts of published bulletins on the active stations under a unit, between two dates. */
export async function selectPublicBroadcasts(db: Db, path: string, from: string, to: string) {
	return db
		.select({
			date: broadcasts.date,
			position: broadcasts.position,
			startTime: stationSlots.startTime,
			stationName: stations.name,
			unitCode: units.code,
			unitName: units.name,
			unitLevel: units.level,
			contentId: contentItems.id,
			title: contentItems.title,
			body: contentItems.body,
			priority: contentItems.priority
		})
		.from(broadcasts)
		.innerJoin(stations, eq(stations.id, broadcasts.stationId))
		.innerJoin(units, eq(units.id, stations.unitId))
		.innerJoin(contentItems, eq(contentItems.id, broadcasts.contentId))
		.leftJoin(stationSlots, eq(stationSlots.id, broadcasts.slotId))
		.where(
			and(
				under(path),
				eq(stations.active, true),
				gte(broadcasts.date, from),
				lte(broadcasts.date, to),
				ne(broadcasts.status, 'cancelled'),
				eq(contentItems.kind, 'bulletin'),
				eq(contentItems.status, 'published')
			)
		)
		.orderBy(asc(units.code), asc(broadcasts.date), asc(stationSlots.startTime), asc(broadcasts.position))
		.limit(2000);
}

export async function selectUpcomingEvents(db: Db, path: string, from: string, limit: number) {
	return db
		.select({ id: events.id, title: events.title, date: events.date, startTime: events.startTime, place: events.place, unitName: units.name })
		.from(events)
		.innerJoin(units, eq(units.id, events.unitId))
		.where(and(under(path), eq(events.published, true), ne(events.status, 'cancelled'), gte(events.date, from)))
		.orderBy(asc(events.date), asc(events.startTime))
		.limit(limit);
}

export async function selectLatestStories(db: Db, path: string, limit: number) {
	return db
		.select({ id: stories.id, title: stories.title, summary: stories.summary, publishedAt: stories.publishedAt, unitName: units.name })
		.from(stories)
		.innerJoin(units, eq(units.id, stories.unitId))
		.where(and(under(path), eq(stories.status, 'published')))
		.orderBy(desc(stories.publishedAt))
		.limit(limit);
}

export async function selectPage(db: Db, unitId: string, slug: string) {
	const [row] = await db
		.select()
		.from(portalPages)
		.where(and(eq(portalPages.unitId, unitId), eq(portalPages.slug, slug)))
		.limit(1);
	return row;
}

/** Every public item with a page of its own, for the sitemap: unit path, id and last change. */
export async function selectSitemapItems(db: Db) {
	const [articles, published, storyRows] = await Promise.all([
		db
			.select({ id: contentItems.id, path: units.path, updatedAt: contentItems.updatedAt })
			.from(contentItems)
			.innerJoin(units, eq(units.id, contentItems.unitId))
			.where(and(eq(contentItems.kind, 'article'), eq(contentItems.status, 'published')))
			.orderBy(desc(contentItems.publishedAt))
			.limit(20_000),
		db
			.select({ id: events.id, path: units.path, updatedAt: events.updatedAt })
			.from(events)
			.innerJoin(units, eq(units.id, events.unitId))
			.where(eq(events.published, true))
			.orderBy(desc(events.date))
			.limit(10_000),
		db
			.select({ id: stories.id, path: units.path, updatedAt: stories.updatedAt })
			.from(stories)
			.innerJoin(units, eq(units.id, stories.unitId))
			.where(eq(stories.status, 'published'))
			.orderBy(desc(stories.publishedAt))
			.limit(10_000)
	]);
	return { articles, events: published, stories: storyRows };
}
