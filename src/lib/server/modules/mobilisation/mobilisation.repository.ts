import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { householdClassifications, households } from '../households/households.tables';
import { activities } from '../activities/activities.tables';
import { mobilisationGifts, pairings, pairingVisits, pledgeReceipts, pledges, sponsors } from './mobilisation.tables';

export type SponsorRow = typeof sponsors.$inferSelect;
export type PledgeRow = typeof pledges.$inferSelect;
export type ReceiptRow = typeof pledgeReceipts.$inferSelect;
export type GiftRow = typeof mobilisationGifts.$inferSelect;
export type PairingRow = typeof pairings.$inferSelect;
export type VisitRow = typeof pairingVisits.$inferSelect;

const placed = { unitCode: units.code, unitName: units.name, unitPath: units.path };

/** Pledged and received totals of a sponsor, in đồng (bigint sums read as numbers). */
const pledgedSum = sql<number>`(SELECT coalesce(sum(${pledges.amount}), 0)::bigint FROM ${pledges} WHERE ${pledges.sponsorId} = ${sponsors.id})`.mapWith(Number);
const receivedSum = sql<number>`(SELECT coalesce(sum(r.amount), 0)::bigint FROM pledge_receipts r JOIN pledges p ON p.id = r.pledge_id WHERE p.sponsor_id = ${sponsors.id})`.mapWith(Number);

export async function selectSponsorById(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
	const q = db
		.select({ sponsor: sponsors, ...placed, pledged: pledgedSum, received: receivedSum })
		.from(sponsors)
		.innerJoin(units, eq(units.id, sponsors.unitId))
		.where(eq(sponsors.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: sponsors }) : await q;
	return row;
}
export type SponsorWithUnit = NonNullable<Awaited<ReturnType<typeof selectSponsorById>>>;

export async function selectSponsors(db: Db, actor: Actor, limit: number, offset: number) {
	const rows = await db
		.select({ sponsor: sponsors, ...placed, pledged: pledgedSum, received: receivedSum })
		.from(sponsors)
		.innerJoin(units, eq(units.id, sponsors.unitId))
		.where(scopeCondition(actor, 'mobilisation.read', units.path))
		.orderBy(asc(sponsors.name), asc(sponsors.id))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function selectPledgesOf(db: Db, sponsorId: string) {
	return db.select().from(pledges).where(eq(pledges.sponsorId, sponsorId)).orderBy(desc(pledges.pledgedOn), asc(pledges.createdAt));
}

export async function selectReceiptsOf(db: Db, pledgeIds: string[]) {
	if (!pledgeIds.length) return [];
	return db.select().from(pledgeReceipts).where(inArray(pledgeReceipts.pledgeId, pledgeIds)).orderBy(asc(pledgeReceipts.receivedOn), asc(pledgeReceipts.createdAt));
}

/** Gifts of some receipts, with the household's village (for scope and naming) or the activity's title. */
export async function selectGiftsOf(db: Db, receiptIds: string[]) {
	if (!receiptIds.length) return [];
	return db
		.select({
			gift: mobilisationGifts,
			householdName: households.headName,
			householdUnitId: households.unitId,
			villagePath: units.path,
			villageName: units.name,
			activityTitle: activities.title
		})
		.from(mobilisationGifts)
		.leftJoin(households, eq(households.id, mobilisationGifts.householdId))
		.leftJoin(units, eq(units.id, households.unitId))
		.leftJoin(activities, eq(activities.id, mobilisationGifts.activityId))
		.where(inArray(mobilisationGifts.receiptId, receiptIds))
		.orderBy(asc(mobilisationGifts.givenOn), asc(mobilisationGifts.createdAt));
}

/** A pledge with its sponsor's unit, locked when asked (receipts against it are checked under the lock). */
export async function selectPledgeById(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
	const q = db
		.select({ pledge: pledges, sponsorName: sponsors.name, ...placed, unitId: sponsors.unitId })
		.from(pledges)
		.innerJoin(sponsors, eq(sponsors.id, pledges.sponsorId))
		.innerJoin(units, eq(units.id, sponsors.unitId))
		.where(eq(pledges.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: pledges }) : await q;
	return row;
}

export async function sumReceipts(db: Db, pledgeId: string): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`coalesce(sum(${pledgeReceipts.amount}), 0)::bigint`.mapWith(Number) })
		.from(pledgeReceipts)
		.where(eq(pledgeReceipts.pledgeId, pledgeId));
	return row?.total ?? 0;
}

export async function selectReceiptById(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
	const q = db
		.select({ receipt: pledgeReceipts, pledgeKind: pledges.kind, sponsorId: pledges.sponsorId, ...placed, unitId: sponsors.unitId })
		.from(pledgeReceipts)
		.innerJoin(pledges, eq(pledges.id, pledgeReceipts.pledgeId))
		.innerJoin(sponsors, eq(sponsors.id, pledges.sponsorId))
		.innerJoin(units, eq(units.id, sponsors.unitId))
		.where(eq(pledgeReceipts.id, id));
	const [row] = opts.forUpdate ? await q.for('update', { of: pledgeReceipts }) : await q;
	return row;
}

export async function sumGifts(db: Db, receiptId: string): Promise<number> {
	const [row] = await db
		.select({ total: sql<number>`coalesce(sum(${mobilisationGifts.value}), 0)::bigint`.mapWith(Number) })
		.from(mobilisationGifts)
		.where(eq(mobilisationGifts.receiptId, receiptId));
	return row?.total ?? 0;
}

/** A household with its village and its category in one year (null when not classified that year). */
export async function selectHouseholdInYear(db: Db, id: string, year: number) {
	const [row] = await db
		.select({
			id: households.id,
			unitId: households.unitId,
			headName: households.headName,
			mergedIntoId: households.mergedIntoId,
			villagePath: units.path,
			category: householdClassifications.category
		})
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.leftJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, year)))
		.where(eq(households.id, id));
	return row;
}

const pairingColumns = {
	pairing: pairings,
	...placed,
	householdName: households.headName,
	startCategory: sql<string | null>`(SELECT c.category FROM household_classifications c WHERE c.household_id = ${pairings.householdId} AND c.year = extract(year FROM ${pairings.fromDate})::int)`,
	later: sql<{ year: number; category: string } | null>`(SELECT json_build_object('year', c.year, 'category', c.category) FROM household_classifications c WHERE c.household_id = ${pairings.householdId} AND c.year > extract(year FROM ${pairings.fromDate})::int ORDER BY c.year DESC LIMIT 1)`,
	visits: sql<number>`(SELECT count(*)::int FROM pairing_visits v WHERE v.pairing_id = ${pairings.id})`.mapWith(Number)
};

export async function selectPairingById(db: Db, id: string) {
	const [row] = await db
		.select(pairingColumns)
		.from(pairings)
		.innerJoin(units, eq(units.id, pairings.unitId))
		.innerJoin(households, eq(households.id, pairings.householdId))
		.where(eq(pairings.id, id));
	return row;
}
export type PairingWithParts = NonNullable<Awaited<ReturnType<typeof selectPairingById>>>;

export async function selectPairings(db: Db, actor: Actor, limit: number, offset: number) {
	const rows = await db
		.select(pairingColumns)
		.from(pairings)
		.innerJoin(units, eq(units.id, pairings.unitId))
		.innerJoin(households, eq(households.id, pairings.householdId))
		.where(scopeCondition(actor, 'mobilisation.read', units.path))
		.orderBy(desc(pairings.fromDate), asc(pairings.id))
		.limit(limit + 1)
		.offset(offset);
	return { items: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function selectVisitsOf(db: Db, pairingId: string) {
	return db.select().from(pairingVisits).where(eq(pairingVisits.pairingId, pairingId)).orderBy(asc(pairingVisits.visitedOn), asc(pairingVisits.createdAt));
}
