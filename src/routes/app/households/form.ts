/** Reading the household forms of the workspace pages (plain HTML forms: every value is text). */

/** All values of a repeated field (checkboxes). */
export function multi(data: FormData, name: string): string[] {
	return data.getAll(name).filter((v): v is string => typeof v === 'string' && v !== '');
}

/** A number field: blank is "not given", anything else goes to the schema as a number (or as text, to be refused). */
function numberOrText(value: string | undefined): number | string | null {
	if (value === undefined || value.trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) && /^-?\d+$/.test(value.trim()) ? n : value;
}

/**
 * The household fields of a create or edit form as the schema takes them: a blank clears a field,
 * the sex select's blank means "not stated". A form showing phone and ID number masked (`masked`)
 * leaves them blank, and there a blank keeps the stored number.
 */
export function householdFields(f: Record<string, string>) {
	const keep = f.masked === '1';
	const secret = (v: string | undefined) => (keep && !v?.trim() ? undefined : (v ?? null));
	return {
		villageCode: f.villageCode?.trim() || undefined,
		headName: f.headName ?? '',
		birthYear: numberOrText(f.birthYear),
		sex: f.sex || null,
		idNumber: secret(f.idNumber),
		address: f.address ?? null,
		members: numberOrText(f.members),
		ethnicity: f.ethnicity ?? null,
		language: f.language ?? null,
		phone: secret(f.phone),
		notes: f.notes ?? null
	};
}
