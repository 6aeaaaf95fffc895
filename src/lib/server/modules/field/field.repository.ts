import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import type { Actor } from '../../access/actor';
import { scopeCondition } from '../../access/actor';
import { units } from '../units/units.tables';
import { households, householdClassifications } from '../households/households.tables';
import { plans } from '../plans/plans.tables';

const commune = alias(units, 'commune');

/** Active villages where the actor may record activities, by name (at most `max`). */
export async function selectFieldVillages(db: Db, actor: Actor, max: number) {
	return db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path, communeName: commune.name })
		.from(units)
		.leftJoin(commune, eq(commune.id, units.parentId))
		.where(and(eq(units.level, 'village'), isNull(units.validTo), isNull(units.successorId), scopeCondition(actor, 'activities.edit', units.path)))
		.orderBy(asc(commune.name), asc(units.name), asc(units.code))
		.limit(max);
}

/** A village's households (not merged away) with the category of their latest year up to `year`. */
export async function selectVillageHouseholds(db: Db, villageId: string, year: number) {
	const rows = await db
		.select({ id: households.id, name: households.headName, unitId: households.unitId })
		.from(households)
		.where(and(eq(households.unitId, villageId), isNull(households.mergedIntoId)))
		.orderBy(asc(households.headNameNorm), asc(households.id));
	if (!rows.length) return [];
	const classes = await db
		.select({ householdId: householdClassifications.householdId, category: householdClassifications.category })
		.from(householdClassifications)
		.where(
			and(
				inArray(
					householdClassifications.householdId,
					rows.map((r) => r.id)
				),
				lte(householdClassifications.year, year)
			)
		)
		.orderBy(desc(householdClassifications.year));
	const category = new Map<string, string>();
	for (const c of classes) if (!category.has(c.householdId)) category.set(c.householdId, c.category);
	return rows.map((r) => ({ ...r, category: category.get(r.id) ?? null }));
}

/** Issued plans of the village and the units above it whose period covers `year`. */
export async function selectPlansAbove(db: Db, villagePath: string, year: number) {
	const ids = villagePath.split('/').filter(Boolean);
	return db
		.select({ id: plans.id, title: plans.title, document: plans.document, unitName: units.name })
		.from(plans)
		.innerJoin(units, eq(units.id, plans.unitId))
		.where(
			and(
				inArray(plans.unitId, ids),
				eq(plans.status, 'issued'),
				sql`coalesce(${plans.periodFrom}, ${year}) <= ${year}`,
				sql`coalesce(${plans.periodTo}, ${plans.periodFrom}, ${year}) >= ${year}`
			)
		)
		.orderBy(desc(sql`length(${units.path})`), asc(plans.title));
}
