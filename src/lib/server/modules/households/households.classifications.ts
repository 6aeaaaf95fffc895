import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { householdClassifications } from './households.tables';
import { selectIndicators, selectStandardForYear, type IndicatorRow, type StandardRow } from './households.repository';
import { canEditHousehold } from './households.policy';
import { presentClassification } from './households.presenter';
import type { ClassificationInput } from './households.schemas';
import { loadHousehold, type Ctx } from './households.context';

/**
 * The poverty standard a year is judged by, with its indicators: Decree 07/2021 for 2022–2026,
 * Decree 351/2025 from 2027 (the years are data in `poverty_standards`). A year no standard
 * covers is refused, not judged by the nearest one.
 */
export async function standardForYear(db: Db, year: number): Promise<{ standard: StandardRow; indicators: IndicatorRow[] }> {
	const standard = await selectStandardForYear(db, year);
	if (!standard) throw invalid('household.noStandard', { year });
	return { standard, indicators: await selectIndicators(db, standard.code) };
}

/**
 * Checks a classification against the standard of its year: the lacking indicators must be on
 * the standard's list (each unknown one named in the details). Returns what to store.
 */
export async function classificationFor(db: Db, year: number, input: ClassificationInput) {
	const { standard, indicators } = await standardForYear(db, year);
	const known = new Set(indicators.map((i) => i.code));
	const lacking = [...new Set(input.lacking)];
	const unknown = lacking.map((code, i) => ({ code, i })).filter(({ code }) => !known.has(code));
	if (unknown.length)
		throw invalid(
			'household.indicatorUnknown',
			{ codes: unknown.map((u) => u.code).join(', '), standard: standard.code },
			unknown.map(({ code, i }) => ({ path: `lacking.${i}`, message: code }))
		);
	return { category: input.category, standardCode: standard.code, lacking: lacking.sort((a, b) => a.localeCompare(b)) };
}

/** Stores a household's category for a year (replacing the one recorded before), audited. */
export async function setClassification(ctx: Ctx, householdId: string, year: number, input: ClassificationInput) {
	if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('household.noStandard', { year });
	return ctx.db.transaction(async (tx) => {
		const row = await loadHousehold(tx, householdId);
		if (!canEditHousehold(ctx.actor, row)) throw forbidden();
		if (row.household.mergedIntoId) throw new AppError('CONFLICT', 'household.merged');
		const value = await classificationFor(tx, year, input);
		const [before] = await tx
			.select()
			.from(householdClassifications)
			.where(sql`${householdClassifications.householdId} = ${householdId} AND ${householdClassifications.year} = ${year}`);
		const [saved] = await tx
			.insert(householdClassifications)
			.values({ householdId, year, ...value })
			.onConflictDoUpdate({
				target: [householdClassifications.householdId, householdClassifications.year],
				set: { category: value.category, standardCode: value.standardCode, lacking: value.lacking, updatedAt: new Date() }
			})
			.returning();
		await recordChange(tx, ctx.actor, {
			action: 'household.classify',
			entityType: 'household',
			entityId: householdId,
			unitId: row.household.unitId,
			before: before ? presentClassification(before) : null,
			after: presentClassification(saved)
		});
		return presentClassification(saved);
	});
}
