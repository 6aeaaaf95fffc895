import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChange, recordChanges } from '../../audit/audit.service';
import { selectUnitByCode } from '../units/units.repository';
import type { DuplicateReason } from './households.schemas';
import {
	insertOpenDuplicateFlags,
	markMerged,
	moveToKept,
	resolveFlag,
	selectDuplicateCandidates,
	selectFlagById,
	selectOpenFlags,
	type HouseholdRow,
	type HouseholdWithVillage
} from './households.repository';
import { loadHousehold, logAccesses, type AccessPurpose, type Ctx } from './households.context';
import { canResolveDuplicate, canSeeSensitive } from './households.policy';
import { maskIdNumber, maskPhone } from './households.normalise';
import { presentFlag } from './households.presenter';

/** A household as duplicate detection sees it (before or after it is stored). */
export interface DuplicateProbe {
	/** The caller's own key for this probe (a row number, a household id), returned with each match. */
	key: string;
	/** The village the household lives in. */
	unitId: string;
	/** Normalised ID number (see normaliseIdNumber), if any. */
	idNumber?: string | null;
	/** Normalised head name (see normaliseName). */
	headNameNorm: string;
	birthYear?: number | null;
	/** The household itself, once stored, so it does not match itself. */
	excludeId?: string | null;
}

export interface DuplicateCandidate {
	key: string;
	/** The existing household that looks like the same one. */
	householdId: string;
	reason: DuplicateReason;
}

/**
 * Existing households that look like the probes: the same ID number anywhere in the probe's
 * commune, or the same normalised head name and birth year (both unknown counts as the same) in
 * the same village. Merged-away records are not candidates. Not scoped to an actor: duplicates
 * are a property of the register, and the flags they make are shown only to those who may read
 * both households. Probes travel as one JSON parameter per 5,000, so an import checks its whole
 * file in a few queries. An ID match is reported once, not again as a name match.
 */
export async function findDuplicateCandidatesMany(tx: Db, probes: DuplicateProbe[]): Promise<DuplicateCandidate[]> {
	const out: DuplicateCandidate[] = [];
	for (let i = 0; i < probes.length; i += 5000) {
		const json = JSON.stringify(
			probes.slice(i, i + 5000).map((p) => ({
				key: p.key,
				unitId: p.unitId,
				idNumber: p.idNumber ?? null,
				headNameNorm: p.headNameNorm,
				birthYear: p.birthYear ?? null,
				excludeId: p.excludeId ?? null
			}))
		);
		const rows = await selectDuplicateCandidates(tx, json);
		for (const row of rows) out.push({ key: row.key, householdId: row.household_id, reason: row.reason as DuplicateReason });
	}
	return out;
}

/** Existing households that look like this one (see findDuplicateCandidatesMany). */
export async function findDuplicateCandidates(tx: Db, probe: Omit<DuplicateProbe, 'key'>): Promise<Omit<DuplicateCandidate, 'key'>[]> {
	return (await findDuplicateCandidatesMany(tx, [{ ...probe, key: '' }])).map(({ householdId, reason }) => ({ householdId, reason }));
}

export interface NewDuplicateFlag {
	/** The household just entered or imported. */
	householdId: string;
	/** The existing one it looks like. */
	otherHouseholdId: string;
	reason: DuplicateReason;
	/** Unit of the new household, for the audit entry's scope. */
	unitId: string;
}

/**
 * Opens duplicate flags for an officer to merge or dismiss, in the caller's transaction, each
 * recorded in the audit trail. A pair flagged before (either way round, open or dismissed) is not
 * flagged again. Returns the ids of the flags opened.
 */
export async function flagDuplicates(tx: Db, actor: Actor, flags: NewDuplicateFlag[], context: Record<string, unknown> = {}): Promise<string[]> {
	const opened: string[] = [];
	for (let i = 0; i < flags.length; i += 2000) {
		const json = JSON.stringify(flags.slice(i, i + 2000).map((f) => ({ ...f, id: randomUUID() })));
		const rows = await insertOpenDuplicateFlags(tx, json);
		const unitOf = new Map(flags.map((f) => [f.householdId, f.unitId]));
		await recordChanges(
			tx,
			actor,
			rows.map((r) => ({
				action: 'household.duplicate.flag',
				entityType: 'household',
				entityId: r.household_id,
				unitId: unitOf.get(r.household_id) ?? null,
				after: { flagId: r.id, otherHouseholdId: r.other_household_id, reason: r.reason },
				context
			}))
		);
		opened.push(...rows.map((r) => r.id));
	}
	return opened;
}

// ---------------------------------------------------------------------------------------------
// Review: list, merge, dismiss

/** Open flags whose two households the actor may both read, each side as the actor may see it; every household shown is access-logged. */
export async function findDuplicateFlags(ctx: Ctx, query: { village?: string; limit: number; offset: number }, access: AccessPurpose) {
	return ctx.db.transaction(async (tx) => {
		const unitPath = query.village ? (await selectUnitByCode(tx, query.village))?.unit.path : null;
		if (query.village && !unitPath) throw new AppError('NOT_FOUND', 'unit.notFound', { code: query.village });
		const { items, hasMore } = await selectOpenFlags(tx, ctx.actor, unitPath ?? null, query.limit, query.offset);
		const seen = new Map<string, { id: string; unitId: string }>();
		for (const r of items) for (const side of [r.one, r.other]) seen.set(side.household.id, { id: side.household.id, unitId: side.household.unitId });
		await logAccesses(tx, ctx.actor, [...seen.values()], access);
		const side = (s: HouseholdWithVillage) => {
			const sensitive = canSeeSensitive(ctx.actor, s);
			const h = s.household;
			return {
				id: h.id,
				villageCode: s.villageCode,
				villageName: s.villageName,
				headName: h.headName,
				birthYear: h.birthYear,
				idNumber: sensitive ? h.idNumber : maskIdNumber(h.idNumber),
				phone: sensitive ? h.phone : maskPhone(h.phone),
				address: h.address,
				members: h.members
			};
		};
		return {
			items: items.map((r) => ({ ...presentFlag(r.flag), household: side(r.one), other: side(r.other), canResolve: canResolveDuplicate(ctx.actor, r.one, r.other) })),
			hasMore,
			limit: query.limit,
			offset: query.offset
		};
	});
}

/** An open flag and its two households, for merging or dismissing; refuses what the actor may not touch. */
async function openFlag(tx: Db, actor: Actor, flagId: string) {
	const flag = /^[0-9a-f-]{36}$/i.test(flagId) ? await selectFlagById(tx, flagId) : undefined;
	if (!flag) throw new AppError('NOT_FOUND', 'household.flagNotFound');
	const one = await loadHousehold(tx, flag.householdId);
	const other = await loadHousehold(tx, flag.otherHouseholdId);
	if (!canResolveDuplicate(actor, one, other)) throw forbidden();
	if (flag.status !== 'open') throw new AppError('CONFLICT', 'household.flagResolved');
	return { flag, one, other };
}

const fillable = ['birthYear', 'sex', 'idNumber', 'address', 'members', 'ethnicity', 'language', 'phone', 'notes'] as const;

/**
 * Merges a flagged pair: `keepId` (one of the two) stays; the other's classifications (years the
 * kept one lacks), consent records and open flags move to it, its details fill the kept one's
 * blanks, and it is marked merged into the kept one (it leaves lists and counts; links to it can
 * follow `mergedIntoId`). The flag is resolved; all in one transaction, audited on both records.
 */
export async function mergeDuplicate(ctx: Ctx, flagId: string, input: { keepId: string }) {
	return ctx.db.transaction(async (tx) => {
		const { flag, one, other } = await openFlag(tx, ctx.actor, flagId);
		if (input.keepId !== one.household.id && input.keepId !== other.household.id)
			throw invalid('household.keepNotInFlag', {}, [{ path: 'keepId', message: input.keepId }]);
		const [kept, merged] = input.keepId === one.household.id ? [one, other] : [other, one];
		if (kept.household.mergedIntoId || merged.household.mergedIntoId) throw new AppError('CONFLICT', 'household.merged');
		const filled: Record<string, unknown> = {};
		for (const f of fillable) if (kept.household[f] === null && merged.household[f] !== null) filled[f] = merged.household[f];
		// Resolve this flag first: moving the merged record's open flags must leave this pair as it was.
		await resolveFlag(tx, flag.id, 'merged', ctx.actor.userId);
		await moveToKept(tx, merged.household.id, kept.household.id, ctx.actor.userId);
		await markMerged(tx, merged.household.id, kept.household.id, filled as Partial<HouseholdRow>);
		const context = { flagId: flag.id, reason: flag.reason };
		await recordChanges(tx, ctx.actor, [
			{
				action: 'household.merge',
				entityType: 'household',
				entityId: kept.household.id,
				unitId: kept.household.unitId,
				after: { mergedId: merged.household.id, filledFields: Object.keys(filled) },
				context
			},
			{
				action: 'household.mergedInto',
				entityType: 'household',
				entityId: merged.household.id,
				unitId: merged.household.unitId,
				after: { mergedIntoId: kept.household.id },
				context
			}
		]);
		return { flag: presentFlag((await selectFlagById(tx, flag.id))!), keptId: kept.household.id, mergedId: merged.household.id };
	});
}

/** Closes a flag as "not the same household"; the pair is not flagged again. */
export async function dismissDuplicate(ctx: Ctx, flagId: string) {
	return ctx.db.transaction(async (tx) => {
		const { flag, one } = await openFlag(tx, ctx.actor, flagId);
		await resolveFlag(tx, flag.id, 'dismissed', ctx.actor.userId);
		await recordChange(tx, ctx.actor, {
			action: 'household.duplicate.dismiss',
			entityType: 'household',
			entityId: one.household.id,
			unitId: one.household.unitId,
			after: { flagId: flag.id, otherHouseholdId: flag.otherHouseholdId }
		});
		return { flag: presentFlag((await selectFlagById(tx, flag.id))!) };
	});
}
