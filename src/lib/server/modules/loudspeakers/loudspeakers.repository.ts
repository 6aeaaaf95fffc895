import { and, asc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { contentItems } from '../content/content.tables';
import { fileBlobs, storedFiles } from '../../files/files.tables';
import { broadcasts, stationSlots, stations } from './loudspeakers.tables';
import type { BulletinSound } from './loudspeakers.audio';

export type StationRow = typeof stations.$inferSelect;
export type SlotRow = typeof stationSlots.$inferSelect;
export type BroadcastRow = typeof broadcasts.$inferSelect;

/** A station with the unit it serves. */
export interface StationPlaced {
	station: StationRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	unitLevel: string;
}

const placedColumns = { station: stations, unitCode: units.code, unitName: units.name, unitPath: units.path, unitLevel: units.level };

export async function selectStation(db: Db, id: string): Promise<StationPlaced | undefined> {
	const [row] = await db.select(placedColumns).from(stations).innerJoin(units, eq(units.id, stations.unitId)).where(eq(stations.id, id));
	return row;
}

export async function selectStationByTokenHash(db: Db, tokenHash: string): Promise<StationPlaced | undefined> {
	const [row] = await db
		.select(placedColumns)
		.from(stations)
		.innerJoin(units, eq(units.id, stations.unitId))
		.where(eq(stations.tokenHash, tokenHash));
	return row;
}

/** Stations the actor may see (manage, confirm plays, or read activities there), optionally under one unit. */
export async function selectStations(db: Db, actor: Actor, under: string | null, page: { limit: number; offset: number }) {
	const reach = or(
		scopeCondition(actor, 'stations.manage', units.path),
		scopeCondition(actor, 'broadcasts.confirm', units.path),
		scopeCondition(actor, 'activities.read', units.path)
	) as SQL;
	const where: SQL[] = [reach];
	if (under) where.push(sql`${units.path} LIKE ${escapeLike(under) + '%'}`);
	return db
		.select(placedColumns)
		.from(stations)
		.innerJoin(units, eq(units.id, stations.unitId))
		.where(and(...where))
		.orderBy(asc(units.path), asc(stations.name), asc(stations.id))
		.limit(page.limit + 1)
		.offset(page.offset);
}

/** Active stations under a unit path (the unit's own and its villages'). */
export async function selectStationsUnder(db: Db, path: string): Promise<StationPlaced[]> {
	return db
		.select(placedColumns)
		.from(stations)
		.innerJoin(units, eq(units.id, stations.unitId))
		.where(and(sql`${units.path} LIKE ${escapeLike(path) + '%'}`, eq(stations.active, true)))
		.orderBy(asc(units.path), asc(stations.name));
}

export async function selectSlots(db: Db, stationIds: string[]): Promise<SlotRow[]> {
	if (!stationIds.length) return [];
	return db
		.select()
		.from(stationSlots)
		.where(inArray(stationSlots.stationId, stationIds))
		.orderBy(asc(stationSlots.startTime), asc(stationSlots.id));
}

/** A bulletin with what the schedule needs of it: unit, priority, text and the audio's header. */
export interface BulletinRow extends BulletinSound {
	id: string;
	kind: string;
	status: string;
	priority: string;
	unitId: string;
	unitPath: string;
	audioEngine: string | null;
}

const bulletinColumns = {
	id: contentItems.id,
	kind: contentItems.kind,
	status: contentItems.status,
	priority: contentItems.priority,
	title: contentItems.title,
	body: contentItems.body,
	unitId: contentItems.unitId,
	unitPath: units.path,
	audioFileId: contentItems.audioFileId,
	audioEngine: contentItems.audioEngine,
	audioTextHash: contentItems.audioTextHash,
	audioMime: storedFiles.mime,
	audioSize: storedFiles.size,
	audioHead: sql<Uint8Array | string | null>`substring(${fileBlobs.bytes} from 1 for 64)`
};

function bulletinQuery(db: Db) {
	return db
		.select(bulletinColumns)
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.leftJoin(storedFiles, eq(storedFiles.id, contentItems.audioFileId))
		.leftJoin(fileBlobs, eq(fileBlobs.sha256, storedFiles.sha256));
}

/** bytea as the drivers return it: Uint8Array (PGlite), Buffer (pg), or `\x…` hex text. */
function bytesOf(v: unknown): Uint8Array | null {
	if (v === null || v === undefined) return null;
	if (v instanceof Uint8Array) return v;
	if (typeof v === 'string' && v.startsWith('\\x')) return Buffer.from(v.slice(2), 'hex');
	return null;
}

const toBulletin = (r: Awaited<ReturnType<ReturnType<typeof bulletinQuery>['where']>>[number]): BulletinRow => ({ ...r, audioHead: bytesOf(r.audioHead) });

export async function selectBulletin(db: Db, id: string): Promise<BulletinRow | undefined> {
	const [row] = await bulletinQuery(db).where(eq(contentItems.id, id));
	return row ? toBulletin(row) : undefined;
}

export async function selectBulletins(db: Db, ids: string[]): Promise<Map<string, BulletinRow>> {
	if (!ids.length) return new Map();
	const rows = await bulletinQuery(db).where(inArray(contentItems.id, [...new Set(ids)]));
	return new Map(rows.map((r) => [r.id, toBulletin(r)]));
}

/** Bulletins the actor may read in the given statuses, newest first (the loudspeaker page's list). */
export async function selectReadableBulletins(db: Db, actor: Actor, statuses: string[], limit = 50): Promise<BulletinRow[]> {
	const rows = await bulletinQuery(db)
		.where(and(eq(contentItems.kind, 'bulletin'), inArray(contentItems.status, statuses), scopeCondition(actor, 'content.read', units.path)))
		.orderBy(sql`${contentItems.updatedAt} DESC`, asc(contentItems.id))
		.limit(limit);
	return rows.map(toBulletin);
}

/** Broadcasts of stations from one day to another, cancelled ones included when asked. */
export async function selectBroadcasts(db: Db, stationIds: string[], from: string, to: string, withCancelled = false): Promise<BroadcastRow[]> {
	if (!stationIds.length) return [];
	const where = [inArray(broadcasts.stationId, stationIds), gte(broadcasts.date, from), lte(broadcasts.date, to)];
	if (!withCancelled) where.push(ne(broadcasts.status, 'cancelled'));
	return db
		.select()
		.from(broadcasts)
		.where(and(...where))
		.orderBy(asc(broadcasts.date), asc(broadcasts.position), asc(broadcasts.createdAt), asc(broadcasts.id));
}

export async function selectBroadcast(db: Db, id: string): Promise<BroadcastRow | undefined> {
	const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, id));
	return row;
}

/** Stations a bulletin is on (not cancelled): who may hear its audio through the station. */
export async function selectStationPathsOfContent(db: Db, contentId: string): Promise<string[]> {
	const rows = await db
		.selectDistinct({ path: units.path })
		.from(broadcasts)
		.innerJoin(stations, eq(stations.id, broadcasts.stationId))
		.innerJoin(units, eq(units.id, stations.unitId))
		.where(and(eq(broadcasts.contentId, contentId), ne(broadcasts.status, 'cancelled')));
	return rows.map((r) => r.path);
}

/** Active communes and villages where the actor manages stations (for the forms' choices). */
export async function selectManagedUnits(db: Db, actor: Actor) {
	return db
		.select({ code: units.code, name: units.name, level: units.level, path: units.path })
		.from(units)
		.where(
			and(
				scopeCondition(actor, 'stations.manage', units.path),
				inArray(units.level, ['commune', 'village']),
				sql`${units.validTo} IS NULL AND ${units.successorId} IS NULL`
			)
		)
		.orderBy(asc(units.path))
		.limit(500);
}
