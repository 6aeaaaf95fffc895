import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { units } from './units.tables';
import { selectUnitByCode } from './units.repository';
import { unitAncestors } from './units.service';

/**
 * What anyone may know of the administrative tree: names and codes of units, as printed on
 * official documents. Nothing else about a unit is public here.
 */
export async function publicUnitDirectory(db: Db) {
	const provinces = await db
		.select({ id: units.id, code: units.code, name: units.name })
		.from(units)
		.where(and(isNull(units.parentId), isNull(units.validTo)))
		.orderBy(asc(units.name));
	const communes = provinces.length
		? await db
				.select({ code: units.code, name: units.name, parentId: units.parentId })
				.from(units)
				.where(and(inArray(units.parentId, provinces.map((p) => p.id)), eq(units.level, 'commune'), isNull(units.validTo)))
				.orderBy(asc(units.name))
		: [];
	return provinces.map((p) => ({
		code: p.code,
		name: p.name,
		communes: communes.filter((c) => c.parentId === p.id).map(({ code, name }) => ({ code, name }))
	}));
}

/** The public face of one unit: its name, place in the tree, children and, if merged, successor. */
export async function publicUnitPage(db: Db, code: string) {
	const row = await selectUnitByCode(db, code);
	if (!row) return null;
	const [ancestors, children, successor] = await Promise.all([
		unitAncestors(db, row.unit),
		db
			.select({ code: units.code, name: units.name, level: units.level })
			.from(units)
			.where(and(eq(units.parentId, row.unit.id), isNull(units.validTo)))
			.orderBy(asc(units.code)),
		row.unit.successorId ? db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, row.unit.successorId)) : []
	]);
	return {
		code: row.unit.code,
		name: row.unit.name,
		level: row.unit.level,
		validTo: row.unit.validTo,
		ancestors: ancestors.map((a) => ({ code: a.code, name: a.name })),
		children,
		successor: successor[0] ?? null
	};
}
