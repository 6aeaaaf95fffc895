import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { recordAccesses } from '../../audit/audit.service';
import { selectHouseholdById, type HouseholdWithVillage } from './households.repository';

export interface Ctx {
	db: Db;
	actor: Actor;
}

/**
 * Why personal data is being read, written with every access entry (Law 91/2025: purpose and
 * access logging). `screen` names where it was shown (household_page, household_list, api, export
 * …), `purpose` what for (register, outreach, door_to_door …).
 */
export interface AccessPurpose {
	screen: string;
	purpose: string;
}

/** Writes one access entry per household shown, in the caller's transaction. */
export async function logAccesses(tx: Db, actor: Actor, rows: { id: string; unitId: string }[], access: AccessPurpose): Promise<void> {
	await recordAccesses(
		tx,
		actor,
		rows.map((r) => ({
			action: 'household.view',
			entityType: 'household',
			entityId: r.id,
			unitId: r.unitId,
			context: { screen: access.screen.slice(0, 60), purpose: access.purpose.slice(0, 200) }
		}))
	);
}

/** A household with its village; NOT_FOUND when there is none (scope is the caller's check). */
export async function loadHousehold(db: Db, id: string): Promise<HouseholdWithVillage> {
	const row = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? await selectHouseholdById(db, id) : undefined;
	if (!row) throw new AppError('NOT_FOUND', 'household.notFound');
	return row;
}

