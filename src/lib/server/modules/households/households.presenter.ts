import { maskIdNumber, maskPhone } from './households.normalise';
import type {
	ClassificationRow,
	ConsentRow,
	DuplicateFlagRow,
	HouseholdListRow,
	HouseholdWithVillage
} from './households.repository';
import type { ConsentState, DuplicateReason, Household, HouseholdCategory, HouseholdListItem } from './households.schemas';

type Sex = 'male' | 'female' | null;

export function presentClassification(c: ClassificationRow) {
	return { year: c.year, category: c.category as HouseholdCategory, standardCode: c.standardCode, lacking: c.lacking };
}

export function presentConsent(c: ConsentRow, recordedByName: string | null) {
	return { id: c.id, granted: c.granted, channels: c.channels, recordedAt: c.recordedAt.toISOString(), recordedBy: recordedByName, note: c.note };
}

/** A household as shown: phone and ID number masked unless `sensitive`. Rows never leave the module raw. */
export function presentHousehold(
	row: HouseholdWithVillage,
	opts: { sensitive: boolean; classifications: ClassificationRow[]; consent: { consent: ConsentRow; recordedByName: string | null } | null }
): Household {
	const h = row.household;
	return {
		id: h.id,
		villageCode: row.villageCode,
		villageName: row.villageName,
		headName: h.headName,
		birthYear: h.birthYear,
		sex: h.sex as Sex,
		idNumber: opts.sensitive ? h.idNumber : maskIdNumber(h.idNumber),
		address: h.address,
		members: h.members,
		ethnicity: h.ethnicity,
		language: h.language,
		phone: opts.sensitive ? h.phone : maskPhone(h.phone),
		notes: h.notes,
		masked: !opts.sensitive,
		mergedIntoId: h.mergedIntoId,
		createdAt: h.createdAt.toISOString(),
		updatedAt: h.updatedAt.toISOString(),
		classifications: opts.classifications.map(presentClassification),
		consent: opts.consent ? presentConsent(opts.consent.consent, opts.consent.recordedByName) : null
	};
}

export function consentState(granted: boolean | null): ConsentState {
	return granted === null ? 'none' : granted ? 'granted' : 'withdrawn';
}

export function presentListItem(row: HouseholdListRow, year: number, sensitive: boolean): HouseholdListItem {
	const h = row.household;
	return {
		id: h.id,
		villageCode: row.villageCode,
		villageName: row.villageName,
		headName: h.headName,
		birthYear: h.birthYear,
		sex: h.sex as Sex,
		members: h.members,
		phone: sensitive ? h.phone : maskPhone(h.phone),
		idNumber: sensitive ? h.idNumber : maskIdNumber(h.idNumber),
		year,
		category: (row.category as HouseholdCategory | null) ?? null,
		lacking: row.lacking ?? [],
		consent: consentState(row.consentGranted),
		consentChannels: row.consentGranted ? (row.consentChannels ?? []) : [],
		openDuplicates: row.openDuplicates
	};
}

export function presentFlag(f: DuplicateFlagRow) {
	return {
		id: f.id,
		householdId: f.householdId,
		otherHouseholdId: f.otherHouseholdId,
		reason: f.reason as DuplicateReason,
		status: f.status as 'open' | 'merged' | 'dismissed',
		createdAt: f.createdAt.toISOString(),
		resolvedAt: f.resolvedAt?.toISOString() ?? null
	};
}

/**
 * What the audit trail keeps of a household: which fields were set or changed, never their
 * values. The trail is read by officers who may see counts only (a province), so names, phones
 * and ID numbers stay out of it; the household itself is named by its id.
 */
export function auditedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
	return Object.keys(after).filter((k) => !before || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}
