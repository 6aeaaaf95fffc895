import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { can, escapeLike, scopeCondition } from '../../access/actor';
import { logAccesses } from '../households/households.context';
import { householdClassifications, households } from '../households/households.tables';
import { normaliseName } from '../households/households.normalise';
import { activities } from '../activities/activities.tables';
import { units } from '../units/units.tables';
import type { MobilisationCtx } from './mobilisation.service';

/**
 * Households a form may pick (a gift's receiver, a pairing's household): found by the head's name
 * under `unitPath` ("/" for everywhere the actor reads), at most 20, only those whose register the
 * actor reads, with their category in `year`; `poorOnly` keeps the poor and near-poor of that
 * year. Each household shown is written to the access log.
 */
export async function findHouseholdChoices(ctx: MobilisationCtx, q: string | null, opts: { unitPath: string; year: number; poorOnly: boolean; purpose: string }) {
	// Control characters (a NUL PostgreSQL cannot take) are no part of a name.
	const text = q?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100);
	if (!text) return [];
	return ctx.db.transaction(async (tx) => {
		const rows = await tx
			.select({ id: households.id, name: households.headName, unitId: households.unitId, village: units.name, path: units.path, category: householdClassifications.category })
			.from(households)
			.innerJoin(units, eq(units.id, households.unitId))
			.leftJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, opts.year)))
			.where(
				and(
					sql`${units.path} LIKE ${escapeLike(opts.unitPath) + '%'}`,
					// Only the register the actor reads: the first rows found are never someone else's.
					scopeCondition(ctx.actor, 'households.read', units.path),
					sql`${households.mergedIntoId} IS NULL`,
					sql`${households.headNameNorm} LIKE ${'%' + escapeLike(normaliseName(text)) + '%'}`,
					opts.poorOnly ? inArray(householdClassifications.category, ['poor', 'near_poor']) : sql`true`
				)
			)
			.orderBy(asc(households.headNameNorm))
			.limit(40);
		const readable = rows.filter((r) => can(ctx.actor, 'households.read', r.path)).slice(0, 20);
		await logAccesses(tx, ctx.actor, readable.map((r) => ({ id: r.id, unitId: r.unitId })), { screen: 'mobilisation_form', purpose: opts.purpose });
		return readable.map(({ id, name, village, category }) => ({ id, name, village, category }));
	});
}

/** Recent activities under a unit the actor reads, for a gift handed on at an activity. */
export async function activityChoices(ctx: MobilisationCtx, unitPath: string) {
	const rows = await ctx.db
		.select({ id: activities.id, title: activities.title, date: activities.date, path: units.path })
		.from(activities)
		.innerJoin(units, eq(units.id, activities.unitId))
		.where(sql`${units.path} LIKE ${escapeLike(unitPath) + '%'}`)
		.orderBy(desc(activities.date))
		.limit(60);
	return rows.filter((r) => can(ctx.actor, 'activities.read', r.path)).map(({ id, title, date }) => ({ id, title, date }));
}
