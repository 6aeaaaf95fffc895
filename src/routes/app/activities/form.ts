import type { ActivityInputFields, ActivityView } from '$lib/server/modules/activities/activities.schemas';

/** A form's fields as strings (single fields) and lists (checkbox groups), kept to refill the form. */
export type FormValues = Record<string, string | string[]>;

/** How many material rows the form offers. */
export const MATERIAL_ROWS = 3;

const multiNames = new Set(['coveredUnits', 'theme', 'audiences', 'household']);

/** The posted form as FormValues (files left out). */
export function formValues(data: FormData): FormValues {
	const out: FormValues = {};
	for (const [k, v] of data) {
		if (typeof v !== 'string') continue;
		if (multiNames.has(k)) out[k] = [...((out[k] as string[] | undefined) ?? []), v];
		else out[k] = v;
	}
	return out;
}

const one = (f: FormValues, k: string) => {
	const v = f[k];
	return typeof v === 'string' ? v.trim() : '';
};
const many = (f: FormValues, k: string) => {
	const v = f[k];
	return (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map((s) => s.trim()).filter(Boolean);
};
/** A count as typed: blank is "not given"; anything else goes to the schema, which says what is wrong. */
const count = (v: string): number | undefined => (v === '' ? undefined : Number(v.replace(/\s/g, '')));
/** Money as Vietnamese write it ("1.200.000", "1 200 000"): whole đồng. */
const money = (v: string): number | undefined => (v === '' ? undefined : Number(v.replace(/[\s.,]/g, '')));

/** The activity input a form describes. */
export function formInput(f: FormValues, groups: string[], sources: string[]): ActivityInputFields {
	const counts: Record<string, number> = {};
	for (const g of groups) {
		const n = count(one(f, `count.${g}`));
		if (n !== undefined) counts[g] = n;
	}
	const materials = [];
	for (let i = 0; i < MATERIAL_ROWS; i++) {
		const label = one(f, `material.${i}.label`);
		if (!label) continue;
		materials.push({ label, printed: count(one(f, `material.${i}.printed`)) ?? null, handedOut: count(one(f, `material.${i}.handedOut`)) ?? null });
	}
	const costs = sources
		.map((source) => ({ source, amount: money(one(f, `costAmount.${source}`)) }))
		.filter((c): c is { source: string; amount: number } => c.amount !== undefined && c.amount !== 0);
	const version = one(f, 'version');
	const plan = one(f, 'plan');
	return {
		unit: one(f, 'unit'),
		coveredUnits: many(f, 'coveredUnits'),
		channel: one(f, 'channel'),
		plan: plan || null,
		// Theme boxes are offered under every plan ("planId|theme"); only the chosen plan's count.
		themes: plan ? many(f, 'theme').filter((t) => t.startsWith(`${plan}|`)).map((t) => t.slice(plan.length + 1)) : [],
		title: one(f, 'title'),
		description: one(f, 'description') || null,
		place: one(f, 'place') || null,
		date: one(f, 'date'),
		startTime: one(f, 'startTime') || null,
		endTime: one(f, 'endTime') || null,
		organiser: one(f, 'organiser') || null,
		responsible: one(f, 'responsible') || null,
		audiences: many(f, 'audiences'),
		counts,
		households: [...new Set(many(f, 'household'))],
		materials,
		cost: money(one(f, 'cost')) ?? null,
		costs,
		status: one(f, 'status') === 'done' ? 'done' : 'planned',
		...(version ? { version: Number(version) } : {})
	};
}

/** A stored activity as the form's fields (for editing). */
export function viewValues(a: ActivityView): FormValues {
	const f: FormValues = {
		id: a.id,
		version: String(a.version),
		unit: a.unit.code,
		coveredUnits: a.coveredUnits.map((u) => u.code),
		channel: a.channel,
		plan: a.plan?.id ?? '',
		theme: a.plan ? a.themes.map((t) => `${a.plan!.id}|${t}`) : [],
		title: a.title,
		description: a.description ?? '',
		place: a.place ?? '',
		date: a.date,
		startTime: a.startTime ?? '',
		endTime: a.endTime ?? '',
		organiser: a.organiser ?? '',
		responsible: a.responsible ?? '',
		audiences: a.audiences,
		household: a.households.map((h) => h.id),
		cost: a.cost === null ? '' : String(a.cost),
		status: a.status === 'planned' ? 'planned' : 'done'
	};
	for (const [g, n] of Object.entries(a.counts)) f[`count.${g}`] = String(n);
	a.materials.slice(0, MATERIAL_ROWS).forEach((m, i) => {
		f[`material.${i}.label`] = m.label;
		f[`material.${i}.printed`] = m.printed === null ? '' : String(m.printed);
		f[`material.${i}.handedOut`] = m.handedOut === null ? '' : String(m.handedOut);
	});
	for (const c of a.costs) f[`costAmount.${c.source}`] = String(c.amount);
	return f;
}
