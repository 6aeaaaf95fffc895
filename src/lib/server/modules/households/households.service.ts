import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { canSomewhere, scopePaths } from '../../access/actor';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { requirePeriod } from '../../periods';
import { loadHousehold, logAccesses, type AccessPurpose, type Ctx } from './households.context';
import { selectUnitByCode, type UnitRow } from '../units/units.repository';
import { households } from './households.tables';
import { normaliseName } from './households.normalise';
import {
	selectClassifications,
	selectConsents,
	selectCounts,
	selectHouseholds,
	type HouseholdRow,
	type HouseholdSelection,
	type HouseholdWithVillage
} from './households.repository';
import { canCountHouseholds, canEditHousehold, canReadHousehold, canSeeSensitive, isCountsOnly } from './households.policy';
import { auditedFields, presentHousehold, presentListItem } from './households.presenter';
import {
	currentYear,
	type HouseholdCountsQuery,
	type HouseholdFilter,
	type HouseholdListQuery,
	type HouseholdUpdateInput
} from './households.schemas';
import { findDuplicateCandidates, flagDuplicates } from './households.duplicates';

export type { AccessPurpose, Ctx };

/** The village a household is entered into: an active unit of level village. */
async function villageByCode(db: Db, code: string): Promise<UnitRow> {
	const row = await selectUnitByCode(db, code);
	if (!row) throw invalid('unit.notFound', { code }, [{ path: 'villageCode', message: code }]);
	if (row.unit.level !== 'village') throw invalid('household.notVillage', { code }, [{ path: 'villageCode', message: code }]);
	if (row.unit.validTo !== null || row.unit.successorId !== null) throw invalid('household.villageInactive', { code });
	return row.unit;
}

/** Everything shown of one household, read in `db` (the caller's transaction). */
async function presentOne(db: Db, actor: Actor, row: HouseholdWithVillage) {
	const classifications = await selectClassifications(db, row.household.id);
	const consents = await selectConsents(db, row.household.id);
	return presentHousehold(row, { sensitive: canSeeSensitive(actor, row), classifications, consent: consents[0] ?? null });
}

/**
 * Reads one household the actor may see, and records that they saw it (who, which household,
 * where, why) in the same transaction. NOT_FOUND when it does not exist, FORBIDDEN when out of
 * reach (counting is not reading).
 */
export async function getHousehold(ctx: Ctx, id: string, access: AccessPurpose) {
	return ctx.db.transaction(async (tx) => {
		const row = await loadHousehold(tx, id);
		if (!canReadHousehold(ctx.actor, row)) throw forbidden();
		const shown = await presentOne(tx, ctx.actor, row);
		await logAccesses(tx, ctx.actor, [{ id: row.household.id, unitId: row.household.unitId }], access);
		return shown;
	});
}

/** Opens flags for households that look like `row` (on entry and when its identifying fields change). */
async function flagLookalikes(tx: Db, actor: Actor, row: HouseholdRow) {
	const candidates = await findDuplicateCandidates(tx, {
		unitId: row.unitId,
		idNumber: row.idNumber,
		headNameNorm: row.headNameNorm,
		birthYear: row.birthYear,
		excludeId: row.id
	});
	return flagDuplicates(
		tx,
		actor,
		candidates.map((c) => ({ householdId: row.id, otherHouseholdId: c.householdId, reason: c.reason, unitId: row.unitId }))
	);
}

/** Entering households lives in households.entry.ts (one or many at once). */
export { createHousehold, createHouseholds } from './households.entry';

const identifying = ['headName', 'birthYear', 'idNumber'] as const;

/** Changes a household's details; moving it to another village needs the right to edit in both. */
export async function updateHousehold(ctx: Ctx, id: string, input: HouseholdUpdateInput) {
	return ctx.db.transaction(async (tx) => {
		const current = await loadHousehold(tx, id);
		if (!canEditHousehold(ctx.actor, current)) throw forbidden();
		if (current.household.mergedIntoId) throw new AppError('CONFLICT', 'household.merged');
		const { villageCode, ...given } = input;
		const patch: Partial<HouseholdRow> = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
		let place = current;
		if (villageCode !== undefined && villageCode !== current.villageCode) {
			const village = await villageByCode(tx, villageCode);
			if (!canEditHousehold(ctx.actor, { villagePath: village.path })) throw forbidden();
			patch.unitId = village.id;
			place = { ...current, villageCode: village.code, villageName: village.name, villagePath: village.path };
		}
		if (patch.headName !== undefined) patch.headNameNorm = normaliseName(patch.headName);
		const before = current.household as unknown as Record<string, unknown>;
		const changed = auditedFields(before, patch as Record<string, unknown>).filter((f) => f !== 'headNameNorm');
		if (!changed.length) return presentOne(tx, ctx.actor, current);
		const [row] = await tx
			.update(households)
			.set({ ...patch, updatedAt: new Date() })
			.where(eq(households.id, id))
			.returning();
		await recordChange(tx, ctx.actor, {
			action: patch.unitId ? 'household.move' : 'household.update',
			entityType: 'household',
			entityId: id,
			unitId: row.unitId,
			before: patch.unitId ? { villageCode: current.villageCode } : null,
			after: { fields: changed, ...(patch.unitId ? { villageCode: place.villageCode } : {}) }
		});
		if (patch.unitId || changed.some((f) => (identifying as readonly string[]).includes(f))) await flagLookalikes(tx, ctx.actor, row);
		return presentOne(tx, ctx.actor, { ...place, household: row });
	});
}

/** The unit a list or count is narrowed to, by code; NOT_FOUND when there is none. */
async function unitPathOf(db: Db, code: string | undefined): Promise<string | undefined> {
	if (!code) return undefined;
	const row = await selectUnitByCode(db, code);
	if (!row) throw new AppError('NOT_FOUND', 'unit.notFound', { code });
	return row.unit.path;
}

/** A list filter as the repository takes it. */
export async function selectionOf(db: Db, filter: HouseholdFilter): Promise<HouseholdSelection> {
	// A bad period key is a 400 in both languages, before anything is read.
	const notReached = filter.notReached ? requirePeriod(filter.notReached) : undefined;
	return {
		q: filter.q,
		unitPath: await unitPathOf(db, filter.village),
		year: filter.year ?? notReached?.year ?? currentYear(),
		notReached: notReached ? { from: notReached.from, to: notReached.to } : undefined,
		category: filter.category,
		lacking: filter.lacking,
		consent: filter.consent,
		duplicatesOpen: filter.duplicates
	};
}

/** Refuses an actor who may read no names anywhere, telling a counts-only actor where the counts are. */
export function assertMayReadNames(actor: Actor) {
	if (canSomewhere(actor, 'households.read')) return;
	if (isCountsOnly(actor)) throw forbidden('households.countsOnly');
	throw forbidden();
}

/**
 * Searches and filters the households the actor may read, a page at a time, and records an
 * access entry for every household on the page.
 */
export async function findHouseholds(ctx: Ctx, query: HouseholdListQuery, access: AccessPurpose) {
	assertMayReadNames(ctx.actor);
	return ctx.db.transaction(async (tx) => {
		const selection = await selectionOf(tx, query);
		const { items, hasMore } = await selectHouseholds(tx, ctx.actor, selection, query.limit, query.offset);
		await logAccesses(tx, ctx.actor, items.map((r) => ({ id: r.household.id, unitId: r.household.unitId })), access);
		return {
			items: items.map((r) => presentListItem(r, selection.year, canSeeSensitive(ctx.actor, r))),
			hasMore,
			limit: query.limit,
			offset: query.offset
		};
	});
}

/**
 * Households by village × category × year in the actor's counting reach: numbers only, so no
 * access entry. FORBIDDEN for those who may count nowhere, or outside their reach.
 */
export async function countHouseholds(ctx: Ctx, query: HouseholdCountsQuery) {
	if (!canSomewhere(ctx.actor, 'households.counts')) throw forbidden();
	const unitPath = (await unitPathOf(ctx.db, query.unit)) ?? null;
	// A unit above one's reach is allowed (its part in reach is counted); one beside it is not.
	const reach = scopePaths(ctx.actor, 'households.counts');
	if (unitPath && !canCountHouseholds(ctx.actor, unitPath) && !reach?.some((p) => p.startsWith(unitPath))) throw forbidden();
	const rows = await selectCounts(ctx.db, ctx.actor, unitPath, query.year ?? null);
	return rows.map((r) => ({ ...r, category: r.category as 'poor' | 'near_poor' | 'escaped' | 'none' }));
}
