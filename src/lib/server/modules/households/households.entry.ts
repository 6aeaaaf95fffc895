import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChanges, type AuditInput } from '../../audit/audit.service';
import { units } from '../units/units.tables';
import { householdClassifications, householdConsents, households } from './households.tables';
import { normaliseName } from './households.normalise';
import type { ClassificationRow, ConsentRow, HouseholdRow } from './households.repository';
import { canEditHousehold, canSeeSensitive } from './households.policy';
import { auditedFields, presentHousehold } from './households.presenter';
import type { HouseholdCreateInput } from './households.schemas';
import { findDuplicateCandidatesMany, flagDuplicates } from './households.duplicates';
import { classificationFor } from './households.classifications';
import type { Ctx } from './households.context';

type Village = typeof units.$inferSelect;

/** Active villages by code, each checked: it exists, is a village, is in force, and the actor may edit there. */
async function villagesFor(tx: Db, ctx: Ctx, codes: string[]): Promise<Map<string, Village>> {
	const rows = await tx.select().from(units).where(inArray(units.code, [...new Set(codes)]));
	const byCode = new Map(rows.map((r) => [r.code, r]));
	for (const code of new Set(codes)) {
		const village = byCode.get(code);
		if (!village) throw invalid('unit.notFound', { code }, [{ path: 'villageCode', message: code }]);
		if (village.level !== 'village') throw invalid('household.notVillage', { code }, [{ path: 'villageCode', message: code }]);
		if (village.validTo !== null || village.successorId !== null) throw invalid('household.villageInactive', { code });
		if (!canEditHousehold(ctx.actor, { villagePath: village.path })) throw forbidden();
	}
	return byCode;
}

const personalFields = ['headName', 'birthYear', 'sex', 'idNumber', 'address', 'members', 'ethnicity', 'language', 'phone', 'notes'] as const;

/** What one call entered: the rows, as stored, and the duplicate flags opened. */
export interface Entered {
	rows: { household: HouseholdRow; village: Village; classifications: ClassificationRow[]; consent: ConsentRow | null }[];
	duplicateFlags: string[];
}

/**
 * Enters many households in one transaction (the demo data; available to bulk callers): the same
 * checks as one by one (village in reach and in force, classifications by the standard of their
 * year, consent), inserts in batches, one audit entry per household and per consent (field names,
 * never values), then duplicate detection over the whole batch against the register and itself.
 * Any bad household refuses the whole call. Inputs are parsed `HouseholdCreateInput`s.
 */
export async function createHouseholds(ctx: Ctx, inputs: HouseholdCreateInput[], context: Record<string, unknown> = {}): Promise<Entered> {
	if (!inputs.length) return { rows: [], duplicateFlags: [] };
	return ctx.db.transaction(async (tx) => {
		const villages = await villagesFor(tx, ctx, inputs.map((i) => i.villageCode));
		const now = new Date();
		const standards = new Map<string, Awaited<ReturnType<typeof classificationFor>>>();
		const entered: Entered['rows'] = [];
		const classificationRows: (typeof householdClassifications.$inferInsert)[] = [];
		const consentRows: (typeof householdConsents.$inferInsert)[] = [];
		const audit: AuditInput[] = [];
		for (const [index, input] of inputs.entries()) {
			const village = villages.get(input.villageCode)!;
			const id = randomUUID();
			const fields = Object.fromEntries(personalFields.map((f) => [f, input[f] ?? null])) as Pick<HouseholdRow, (typeof personalFields)[number]>;
			const household: HouseholdRow = {
				id,
				unitId: village.id,
				...fields,
				headNameNorm: normaliseName(input.headName),
				mergedIntoId: null,
				createdBy: ctx.actor.userId,
				createdAt: now,
				updatedAt: now
			};
			const years = [...(input.classification ? [input.classification] : []), ...(input.classifications ?? [])];
			const classifications: ClassificationRow[] = [];
			for (const { year, ...c } of years) {
				// Standards are looked up once per year and list of indicators, not once per household.
				const key = `${year}:${c.category}:${c.lacking.join(',')}`;
				let value = standards.get(key);
				if (!value) standards.set(key, (value = await classificationFor(tx, year, c).catch(rowError(inputs.length, index))));
				classifications.push({ householdId: id, year, ...value, updatedAt: now });
			}
			classificationRows.push(...classifications);
			let consent: ConsentRow | null = null;
			if (input.consent) {
				const channels = input.consent.granted ? [...new Set(input.consent.channels)].sort() : [];
				consent = { id: randomUUID(), householdId: id, granted: input.consent.granted, channels, recordedAt: now, recordedBy: ctx.actor.userId, note: input.consent.note };
				consentRows.push(consent);
			}
			audit.push({
				action: 'household.create',
				entityType: 'household',
				entityId: id,
				unitId: village.id,
				after: {
					villageCode: village.code,
					fields: auditedFields(null, fields).filter((k) => fields[k as keyof typeof fields] !== null),
					classifications: classifications.map((c) => ({ year: c.year, category: c.category })),
					consent: consent ? { granted: consent.granted, channels: consent.channels } : null
				},
				context
			});
			entered.push({ household, village, classifications, consent });
		}
		for (let i = 0; i < entered.length; i += 1000) await tx.insert(households).values(entered.slice(i, i + 1000).map((e) => e.household));
		for (let i = 0; i < classificationRows.length; i += 2000) await tx.insert(householdClassifications).values(classificationRows.slice(i, i + 2000));
		for (let i = 0; i < consentRows.length; i += 2000) await tx.insert(householdConsents).values(consentRows.slice(i, i + 2000));
		await recordChanges(tx, ctx.actor, audit);
		const candidates = await findDuplicateCandidatesMany(
			tx,
			entered.map(({ household: h }) => ({ key: h.id, unitId: h.unitId, idNumber: h.idNumber, headNameNorm: h.headNameNorm, birthYear: h.birthYear, excludeId: h.id }))
		);
		const unitOf = new Map(entered.map((e) => [e.household.id, e.household.unitId]));
		const duplicateFlags = await flagDuplicates(
			tx,
			ctx.actor,
			candidates.map((c) => ({ householdId: c.key, otherHouseholdId: c.householdId, reason: c.reason, unitId: unitOf.get(c.key)! })),
			context
		);
		return { rows: entered, duplicateFlags };
	});
}

/** A refusal about one household of many names which one (its position in the call). */
function rowError(count: number, index: number) {
	return (err: unknown) => {
		if (count > 1 && err instanceof AppError && err.code === 'VALIDATION')
			throw new AppError(err.code, err.messageKey, err.params, [{ path: `${index}`, message: err.details.map((d) => d.message).join(', ') || err.messageKey }]);
		throw err;
	};
}

/**
 * Enters one household into a village the actor may edit, with its classifications and consent if
 * given. A household that looks like one already registered (same ID number in the commune, or
 * same name, birth year and village) is still entered, with a duplicate flag for an officer.
 */
export async function createHousehold(ctx: Ctx, input: HouseholdCreateInput) {
	const { rows, duplicateFlags } = await createHouseholds(ctx, [input]);
	const { household, village, classifications, consent } = rows[0];
	const place = { household, villageCode: village.code, villageName: village.name, villagePath: village.path };
	const shown = presentHousehold(place, {
		sensitive: canSeeSensitive(ctx.actor, place),
		classifications: [...classifications].sort((a, b) => b.year - a.year),
		consent: consent ? { consent, recordedByName: ctx.actor.displayName } : null
	});
	return { ...shown, duplicateFlags };
}
