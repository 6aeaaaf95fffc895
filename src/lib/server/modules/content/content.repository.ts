import { and, asc, desc, eq, ilike, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { escapeLike, scopeCondition, scopePaths } from '../../access/actor';
import { rolePermissions, roles } from '../../access/roles';
import { units } from '../units/units.tables';
import { roleGrants, users } from '../users/users.tables';
import { storedFiles } from '../../files/files.tables';
import { contentDistributions, contentItems, contentPrintRuns } from './content.tables';
import { releasedStatuses } from './content.policy';

export type ContentRow = typeof contentItems.$inferSelect;
export type ContentInsert = typeof contentItems.$inferInsert;

const author = alias(users, 'content_author');
const approver = alias(users, 'content_approver');
const publisher = alias(users, 'content_publisher');

/** An item with its unit and the names of the people its record cites. */
const withUnit = {
	item: contentItems,
	unitCode: units.code,
	unitName: units.name,
	unitPath: units.path,
	unitLevel: units.level,
	authorName: author.displayName,
	approverName: approver.displayName,
	publisherName: publisher.displayName
};

export interface ContentWithUnit {
	item: ContentRow;
	unitCode: string;
	unitName: string;
	unitPath: string;
	unitLevel: string;
	authorName: string | null;
	approverName: string | null;
	publisherName: string | null;
}

function joined(db: Db) {
	return db
		.select(withUnit)
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.leftJoin(author, eq(author.id, contentItems.authorId))
		.leftJoin(approver, eq(approver.id, contentItems.approvedBy))
		.leftJoin(publisher, eq(publisher.id, contentItems.publishedBy));
}

/** One item; `forUpdate` locks its row until the transaction ends (workflow steps, printing). */
export async function selectContentById(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ContentWithUnit | undefined> {
	const query = joined(db).where(eq(contentItems.id, id)).limit(1);
	const [row] = opts.forUpdate ? await query.for('update', { of: contentItems }) : await query;
	return row;
}

/**
 * Items the actor may read, in SQL (mirrors canReadContent): the subtree of their grants in any
 * status, and the units above a grant once approved or published.
 */
export function readableContent(actor: Actor): SQL {
	const below = scopeCondition(actor, 'content.read', units.path);
	const paths = scopePaths(actor, 'content.read');
	if (paths === null || paths.length === 0) return below;
	const above = or(...paths.map((p) => sql`${p} LIKE ${units.path} || '%'`))!;
	return or(below, and(inArray(contentItems.status, [...releasedStatuses]), above))!;
}

export interface ContentFilter {
	unitPath?: string;
	kind?: string;
	status?: string;
	q?: string;
	/** In review, within the actor's `content.approve` reach, written by someone else. */
	awaitingUserId?: string | null;
	awaiting?: boolean;
	limit: number;
	offset: number;
}

export async function selectContents(db: Db, actor: Actor, f: ContentFilter) {
	const conditions: SQL[] = [readableContent(actor)];
	if (f.unitPath) conditions.push(sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`);
	if (f.kind) conditions.push(eq(contentItems.kind, f.kind));
	if (f.status) conditions.push(eq(contentItems.status, f.status));
	if (f.q) conditions.push(ilike(contentItems.title, '%' + escapeLike(f.q) + '%'));
	if (f.awaiting) {
		conditions.push(eq(contentItems.status, 'in_review'), scopeCondition(actor, 'content.approve', units.path));
		// Not their own items, unless nobody else could approve them (see approvalLeftToOthers).
		if (f.awaitingUserId) conditions.push(or(sql`${contentItems.authorId} IS NULL`, ne(contentItems.authorId, f.awaitingUserId), sql`NOT ${otherApproverExists(f.awaitingUserId)}`)!);
	}
	const rows = await joined(db)
		.where(and(...conditions))
		.orderBy(desc(contentItems.updatedAt), asc(contentItems.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

export async function insertContent(db: Db, values: ContentInsert): Promise<void> {
	await db.insert(contentItems).values(values);
}

export async function updateContentRow(db: Db, id: string, patch: PgUpdateSetSource<typeof contentItems>): Promise<void> {
	await db
		.update(contentItems)
		.set({ ...patch, updatedAt: new Date() })
		.where(eq(contentItems.id, id));
}

const approvingRoles = roles.filter((r) => r !== 'admin' && rolePermissions[r].includes('content.approve'));

/** SQL: another active account than `userId` holds `content.approve` through a unit grant reaching the row's unit (mirrors countOtherApprovers). */
function otherApproverExists(userId: string): SQL {
	const roleList = sql.join(
		approvingRoles.map((r) => sql`${r}`),
		sql`, `
	);
	return sql`EXISTS (SELECT 1 FROM role_grants g JOIN units gu ON gu.id = g.unit_id JOIN users gusr ON gusr.id = g.user_id
		WHERE g.role IN (${roleList}) AND ${units.path} LIKE gu.path || '%' AND NOT gusr.disabled AND g.user_id <> ${userId})`;
}

/**
 * How many other active accounts hold `content.approve` through a grant on the item's unit or a
 * unit above it. Global (administrator) grants are not counted: the administrator runs the
 * system, not the editorial desk.
 */
export async function countOtherApprovers(db: Db, unitPath: string, exceptUserId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(DISTINCT ${roleGrants.userId})::int` })
		.from(roleGrants)
		.innerJoin(units, eq(units.id, roleGrants.unitId))
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(
			and(
				inArray(roleGrants.role, approvingRoles),
				isNotNull(roleGrants.unitId),
				sql`${unitPath} LIKE ${units.path} || '%'`,
				eq(users.disabled, false),
				ne(roleGrants.userId, exceptUserId)
			)
		);
	return row?.n ?? 0;
}

export async function selectFileMeta(db: Db, id: string) {
	const [row] = await db
		.select({ id: storedFiles.id, name: storedFiles.originalName, size: storedFiles.size })
		.from(storedFiles)
		.where(eq(storedFiles.id, id));
	return row;
}

// Printing and distribution ---------------------------------------------------------------------

export async function selectPrintRuns(db: Db, contentId: string) {
	return db
		.select()
		.from(contentPrintRuns)
		.where(eq(contentPrintRuns.contentId, contentId))
		.orderBy(asc(contentPrintRuns.printedOn), asc(contentPrintRuns.createdAt));
}

export async function selectDistributions(db: Db, contentId: string) {
	return db
		.select({ row: contentDistributions, villageCode: units.code, villageName: units.name })
		.from(contentDistributions)
		.innerJoin(units, eq(units.id, contentDistributions.unitId))
		.where(eq(contentDistributions.contentId, contentId))
		.orderBy(asc(contentDistributions.distributedOn), asc(contentDistributions.createdAt));
}

/** Copies printed and handed out so far (read under the item's row lock when adding). */
export async function selectPrintTotals(db: Db, contentId: string) {
	const [printed] = await db
		.select({ n: sql<number>`coalesce(sum(${contentPrintRuns.quantity}), 0)::int` })
		.from(contentPrintRuns)
		.where(eq(contentPrintRuns.contentId, contentId));
	const [handed] = await db
		.select({ n: sql<number>`coalesce(sum(${contentDistributions.quantity}), 0)::int` })
		.from(contentDistributions)
		.where(eq(contentDistributions.contentId, contentId));
	return { printed: printed?.n ?? 0, handedOut: handed?.n ?? 0 };
}

export async function insertPrintRun(db: Db, values: typeof contentPrintRuns.$inferInsert) {
	const [row] = await db.insert(contentPrintRuns).values(values).returning();
	return row;
}

export async function insertDistribution(db: Db, values: typeof contentDistributions.$inferInsert) {
	const [row] = await db.insert(contentDistributions).values(values).returning();
	return row;
}

// Choices for the forms ---------------------------------------------------------------------------

/** Active units of the given levels within the actor's reach for `permission`, in tree order. */
export async function selectUnitChoices(db: Db, actor: Actor, permission: 'content.edit', levels: string[], underPath?: string) {
	const conditions: SQL[] = [scopeCondition(actor, permission, units.path), inArray(units.level, levels), sql`${units.validTo} IS NULL`, sql`${units.successorId} IS NULL`];
	if (underPath) conditions.push(sql`${units.path} LIKE ${escapeLike(underPath) + '%'}`);
	return db
		.select({ code: units.code, name: units.name, level: units.level })
		.from(units)
		.where(and(...conditions))
		.orderBy(asc(units.path))
		.limit(500);
}

/** Published items of some kinds in a unit's subtree, newest publication first (the public portal). */
export async function selectPublished(db: Db, f: { unitPath: string; kinds: string[]; limit: number; offset: number }) {
	const rows = await db
		.select({ item: contentItems, unitCode: units.code, unitName: units.name })
		.from(contentItems)
		.innerJoin(units, eq(units.id, contentItems.unitId))
		.where(
			and(
				eq(contentItems.status, 'published'),
				inArray(contentItems.kind, f.kinds),
				sql`${units.path} LIKE ${escapeLike(f.unitPath) + '%'}`
			)
		)
		.orderBy(desc(contentItems.publishedAt), asc(contentItems.id))
		.limit(f.limit + 1)
		.offset(f.offset);
	return { items: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}
