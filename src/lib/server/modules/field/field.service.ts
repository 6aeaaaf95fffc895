import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { can, canSomewhere } from '../../access/actor';
import { AppError, forbidden } from '../../errors';
import { today } from '../../periods';
import { selectUnitByCode } from '../units/units.repository';
import { selectAudienceGroups, selectChannels } from '../catalog/catalog.repository';
import { logAccesses } from '../households/households.context';
import { planThemes } from '../activities/activities.checks';
import type { PlanDocument } from '../plans/plans.interchange';
import { selectFieldVillages, selectPlansAbove, selectVillageHouseholds } from './field.repository';
import type { FieldBootstrap, FieldBootstrapQuery } from './field.schemas';

export interface Ctx {
	db: Db;
	actor: Actor;
}

/** Most villages listed to pick from (an administrator reaches every village). */
export const MAX_FIELD_VILLAGES = 500;

/** How the phone's household list is recorded in each household's access log. */
export const FIELD_ACCESS = { screen: 'field', purpose: 'field_attendance' } as const;

/**
 * What a phone caches to record a village's activities offline: the villages the actor records
 * for, the channels and audience groups, the chosen village's households (id, name, category
 * only: no phone or ID numbers) and the themes of the plans in force above it. Listing the
 * households writes an access entry for each (screen `field`) in the same transaction. The
 * themes are those the activities module accepts for the plan (planThemes).
 * FORBIDDEN without `activities.edit`, or for a village out of reach.
 */
export async function getFieldBootstrap(ctx: Ctx, query: FieldBootstrapQuery): Promise<FieldBootstrap> {
	const { db, actor } = ctx;
	if (!canSomewhere(actor, 'activities.edit')) throw forbidden();
	const villages = await selectFieldVillages(db, actor, MAX_FIELD_VILLAGES);
	let chosen: { id: string; code: string; name: string; path: string; communeName: string | null } | undefined;
	if (query.village) {
		chosen = villages.find((v) => v.code === query.village);
		if (!chosen) {
			const row = await selectUnitByCode(db, query.village);
			if (!row) throw new AppError('NOT_FOUND', 'unit.notFound', { code: query.village });
			if (!can(actor, 'activities.edit', row.unit.path)) throw forbidden();
			if (row.unit.level !== 'village') throw new AppError('VALIDATION', 'field.notVillage', { code: query.village });
			throw new AppError('VALIDATION', 'field.villageInactive', { code: query.village });
		}
	} else if (villages.length === 1) chosen = villages[0];

	const day = today();
	const year = Number(day.slice(0, 4));
	const [channels, groups] = await Promise.all([selectChannels(db), selectAudienceGroups(db)]);
	const base = {
		generatedAt: new Date().toISOString(),
		today: day,
		villages: villages.map((v) => ({ code: v.code, name: v.name, communeName: v.communeName })),
		channels: channels.map((c) => ({ code: c.code, nameVi: c.nameVi, nameEn: c.nameEn })),
		groups: groups.map((g) => ({ code: g.code, nameVi: g.nameVi, nameEn: g.nameEn, householdCategory: g.householdCategory }))
	};
	if (!chosen) return { ...base, village: null, householdsShown: false, households: [], plans: [] };

	const village = chosen;
	const householdsShown = can(actor, 'households.read', village.path);
	const plans = (await selectPlansAbove(db, village.path, year)).map((p) => ({ id: p.id, title: p.title, unitName: p.unitName, themes: planThemes(p.document as PlanDocument) }));
	const households = householdsShown
		? await db.transaction(async (tx) => {
				const rows = await selectVillageHouseholds(tx, village.id, year);
				await logAccesses(tx, actor, rows, FIELD_ACCESS);
				return rows.map((r) => ({ id: r.id, name: r.name, category: r.category }));
			})
		: [];
	return {
		...base,
		village: { code: village.code, name: village.name, communeName: village.communeName },
		householdsShown,
		households,
		plans
	};
}
