import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition, scopePaths } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { units } from '../units/units.tables';
import { users } from '../users/users.tables';
import { householdClassifications, households } from '../households/households.tables';
import { storedFiles } from '../../files/files.tables';
import { stories, storyConsents, storyPhotos } from './stories.tables';

export type StoryRow = typeof stories.$inferSelect;
export type StoryInsert = typeof stories.$inferInsert;
export type ConsentRow = typeof storyConsents.$inferSelect;
export type PhotoRow = typeof storyPhotos.$inferSelect;

const writer = alias(users, 'story_writer');
const parentUnit = alias(units, 'story_parent_unit');
const approver = alias(users, 'story_approver');

export interface StoryWithUnit {
	story: StoryRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	/** The unit whose portal shows the story: its own, or a village's commune. */
	portalCode: string;
	writerName: string | null;
	approverName: string | null;
}

/** Villages have no portal page: their stories show on the commune's. */
const portalCode = () => sql<string>`CASE WHEN ${units.level} = 'village' AND ${parentUnit.code} IS NOT NULL THEN ${parentUnit.code} ELSE ${units.code} END`;

function joined(db: Db) {
	return db
		.select({
			story: stories,
			unitCode: units.code,
			unitName: units.name,
			unitPath: units.path,
			portalCode: portalCode(),
			writerName: writer.displayName,
			approverName: approver.displayName
		})
		.from(stories)
		.innerJoin(units, eq(units.id, stories.unitId))
		.leftJoin(parentUnit, eq(parentUnit.id, units.parentId))
		.leftJoin(writer, eq(writer.id, stories.createdBy))
		.leftJoin(approver, eq(approver.id, stories.approvedBy));
}

/** One story; `forUpdate` locks its row until the transaction ends (workflow steps, consents, photos). */
export async function selectStoryById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<StoryWithUnit | undefined> {
	const query = joined(db).where(eq(stories.id, id)).limit(1);
	const [row] = opts.forUpdate ? await query.for('update', { of: stories }) : await query;
	return row;
}

/** Stories the actor may read, in SQL (mirrors canReadStory). */
export function readableStories(actor: Actor): SQL {
	const below = scopeCondition(actor, 'content.read', units.path);
	const paths = scopePaths(actor, 'content.read');
	if (paths === null || paths.length === 0) return below;
	const above = or(...paths.map((p) => sql`${p} LIKE ${units.path} || '%'`))!;
	return or(below, and(eq(stories.status, 'published'), above))!;
}

export interface StoryFilter {
	unitPath?: string;
	status?: string;
	nominated?: boolean;
	q?: string;
	/** Narrows further to the units where the actor holds this permission (the nominations list). */
	permission?: Permission;
	limit: number;
	offset: number;
}

export async function selectStories(db: Db, actor: Actor, f: StoryFilter) {
	const conditions: SQL[] = [readableStories(actor)];
	if (f.permission) conditions.push(scopeCondition(actor, f.permission, units.path));
	if (f.unitPath) conditions.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.status) conditions.push(eq(stories.status, f.status));
	if (f.nominated !== undefined) conditions.push(eq(stories.nominated, f.nominated));
	if (f.q) conditions.push(or(ilike(stories.title, '%' + escapeLike(f.q) + '%'), ilike(stories.subjectName, '%' + escapeLike(f.q) + '%'))!);
	const rows = await joined(db)
		.where(and(...conditions))
		.orderBy(f.nominated ? desc(stories.nominatedAt) : desc(stories.updatedAt), asc(stories.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function insertStory(db: Db, values: StoryInsert): Promise<void> {
	await db.insert(stories).values(values);
}

/** Changes a story's row and counts the change in its version. */
export async function updateStoryRow(db: Db, id: string, patch: PgUpdateSetSource<typeof stories>): Promise<void> {
	await db
		.update(stories)
		.set({ ...patch, version: sql`${stories.version} + 1`, updatedAt: new Date() })
		.where(eq(stories.id, id));
}

// Consents -----------------------------------------------------------------------------------------

const recorder = alias(users, 'consent_recorder');

export async function selectConsents(db: Db, storyId: string) {
	return db
		.select({ consent: storyConsents, recorderName: recorder.displayName })
		.from(storyConsents)
		.leftJoin(recorder, eq(recorder.id, storyConsents.recordedBy))
		.where(eq(storyConsents.storyId, storyId))
		.orderBy(asc(storyConsents.createdAt), asc(storyConsents.id));
}

export async function insertConsent(db: Db, values: typeof storyConsents.$inferInsert): Promise<ConsentRow> {
	const [row] = await db.insert(storyConsents).values(values).returning();
	return row;
}

export async function withdrawConsentRow(db: Db, id: string, at: Date): Promise<void> {
	await db.update(storyConsents).set({ withdrawnAt: at }).where(eq(storyConsents.id, id));
}

// Photos -------------------------------------------------------------------------------------------

export async function selectPhotos(db: Db, storyId: string): Promise<PhotoRow[]> {
	return db.select().from(storyPhotos).where(eq(storyPhotos.storyId, storyId)).orderBy(asc(storyPhotos.sort), asc(storyPhotos.id));
}

export async function selectPhotosOf(db: Db, storyIds: string[]): Promise<PhotoRow[]> {
	if (!storyIds.length) return [];
	return db.select().from(storyPhotos).where(inArray(storyPhotos.storyId, storyIds)).orderBy(asc(storyPhotos.sort), asc(storyPhotos.id));
}

export async function insertPhoto(db: Db, values: typeof storyPhotos.$inferInsert): Promise<PhotoRow> {
	const [row] = await db.insert(storyPhotos).values(values).returning();
	return row;
}

export async function deletePhotoRow(db: Db, storyId: string, photoId: string): Promise<boolean> {
	const rows = await db
		.delete(storyPhotos)
		.where(and(eq(storyPhotos.id, photoId), eq(storyPhotos.storyId, storyId)))
		.returning({ id: storyPhotos.id });
	return rows.length > 0;
}

export async function nextPhotoSort(db: Db, storyId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${storyPhotos.sort}) + 1, 0)::int` })
		.from(storyPhotos)
		.where(eq(storyPhotos.storyId, storyId));
	return row?.n ?? 0;
}

export async function selectPhoto(db: Db, storyId: string, photoId: string) {
	const [row] = await db
		.select({ photo: storyPhotos, mime: storedFiles.mime })
		.from(storyPhotos)
		.innerJoin(storedFiles, eq(storedFiles.id, storyPhotos.fileId))
		.where(and(eq(storyPhotos.id, photoId), eq(storyPhotos.storyId, storyId)));
	return row;
}

// The register ---------------------------------------------------------------------------------------

/** A household with the path of its village (scope follows the village). */
export async function selectHouseholdPlace(db: Db, id: string) {
	const [row] = await db
		.select({ id: households.id, headName: households.headName, mergedIntoId: households.mergedIntoId, villagePath: units.path, villageName: units.name })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.where(eq(households.id, id));
	return row;
}

/** The household's categories in the given years. */
export async function selectCategories(db: Db, householdId: string, years: number[]): Promise<Map<number, string>> {
	if (!years.length) return new Map();
	const rows = await db
		.select({ year: householdClassifications.year, category: householdClassifications.category })
		.from(householdClassifications)
		.where(and(eq(householdClassifications.householdId, householdId), inArray(householdClassifications.year, years)));
	return new Map(rows.map((r) => [r.year, r.category]));
}

/** Households the actor may read within a unit's subtree, for the write form (at most 1,000). */
export async function selectHouseholdChoices(db: Db, actor: Actor, underPath: string) {
	return db
		.select({ id: households.id, headName: households.headName, village: units.name })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.where(
			and(
				scopeCondition(actor, 'households.read', units.path),
				sql`${units.path} LIKE ${escapeLike(underPath) + '%'}`,
				sql`${households.mergedIntoId} IS NULL`
			)
		)
		.orderBy(asc(units.path), asc(households.headNameNorm))
		.limit(1000);
}

/** Active units of some levels within the actor's reach for `permission`, in tree order. */
export async function selectUnitChoices(db: Db, actor: Actor, permission: Permission, levels: string[]) {
	return db
		.select({ code: units.code, name: units.name, level: units.level, path: units.path })
		.from(units)
		.where(and(scopeCondition(actor, permission, units.path), inArray(units.level, levels), sql`${units.validTo} IS NULL`, sql`${units.successorId} IS NULL`))
		.orderBy(asc(units.path))
		.limit(500);
}

// The portal and the indicators ---------------------------------------------------------------------

/** Published stories of a unit's subtree, newest publication first. */
export async function selectPublishedStories(db: Db, f: { unitPath: string; limit: number; offset: number }) {
	const rows = await db
		.select({ story: stories, unitCode: units.code, unitName: units.name, portalCode: portalCode() })
		.from(stories)
		.innerJoin(units, eq(units.id, stories.unitId))
		.leftJoin(parentUnit, eq(parentUnit.id, units.parentId))
		.where(and(eq(stories.status, 'published'), sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`))
		.orderBy(desc(stories.publishedAt), asc(stories.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Stories published in a unit's subtree whose publication date (Asia/Ho_Chi_Minh) lies in [start, end]. */
export async function countPublished(db: Db, unitPath: string, startDate: string, endDate: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(stories)
		.innerJoin(units, eq(units.id, stories.unitId))
		.where(
			and(
				eq(stories.status, 'published'),
				sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`,
				sql`(${stories.publishedAt} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${startDate}::date AND ${endDate}::date`
			)
		);
	return row?.n ?? 0;
}
