import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { recordChanges } from '../../audit/audit.service';
import type { DuplicateReason } from './households.schemas';
import { insertOpenDuplicateFlags, selectDuplicateCandidates } from './households.repository';

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
 * recorded in the audit trail. A pair that already has an open flag (either way round) is not
 * flagged twice. Returns the ids of the flags opened.
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
