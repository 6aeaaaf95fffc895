import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere, type Actor } from '$lib/server/access/actor';
import { rolePermissions } from '$lib/server/access/roles';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { createPlan, findPlans } from '$lib/server/modules/plans/plans.service';
import { cascadePlan, copyPlan, createPlanFromTemplate } from '$lib/server/modules/plans/plans.sources';
import { PlanListQuery, planStatuses } from '$lib/server/modules/plans/plans.schemas';
import { parsePlanFile, MAX_PLAN_FILE_BYTES } from '$lib/server/modules/plans/import/index';
import { AppError } from '$lib/server/errors';
import { loadUnit } from '$lib/server/modules/plans/plans.service';
import { unitAncestors } from '$lib/server/modules/units/units.service';

/** The units where the actor drafts plans (the create forms offer them). */
function editableUnits(actor: Actor) {
	return actor.grants
		.filter((g) => rolePermissions[g.role].includes('plans.edit') && g.unitCode)
		.map((g) => ({ code: g.unitCode!, name: g.unitName ?? g.unitCode!, path: g.unitPath! }));
}

const str = (v: string | null) => v?.trim() || undefined;

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'plans.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const status = str(url.searchParams.get('status'));
		const query = PlanListQuery.parse({
			unit: str(url.searchParams.get('unit')),
			status,
			year: str(url.searchParams.get('year')),
			q: str(url.searchParams.get('q')),
			offset: str(url.searchParams.get('offset')),
			limit: str(url.searchParams.get('limit'))
		});
		const list = await findPlans({ db, actor }, query);
		const units = editableUnits(actor);
		const canCreate = units.length > 0 || canSomewhere(actor, 'plans.edit');
		// Sources for the create forms: issued plans (a unit above cascades, an own one is copied).
		const issued = canCreate ? (await findPlans({ db, actor }, PlanListQuery.parse({ status: 'issued', limit: 200 }))).items : [];
		const own = canCreate ? (await findPlans({ db, actor }, PlanListQuery.parse({ unit: units[0]?.code, limit: 200 }))).items : [];
		// Only a unit above one's own can be cascaded from (the service refuses others).
		const above = new Set<string>();
		for (const u of units) for (const a of await unitAncestors(db, await loadUnit(db, u.code))) above.add(a.code);
		return {
			list,
			statuses: planStatuses,
			filter: { unit: query.unit ?? '', status: query.status ?? '', year: query.year ? String(query.year) : '', q: query.q ?? '' },
			canCreate,
			units: units.map(({ code, name }) => ({ code, name })),
			parentPlans: units.length ? issued.filter((p) => above.has(p.unit)) : issued,
			copySources: own.filter((p) => p.status === 'issued' || p.status === 'superseded' || p.status === 'draft'),
			thisYear: new Date().getFullYear(),
			maxFileMb: MAX_PLAN_FILE_BYTES / 1024 / 1024
		};
	});
};

/** Runs a create form and opens the new draft; a failure comes back with what was chosen. */
async function create(event: RequestEvent, form: string, call: (fields: FormData) => Parameters<typeof attempt>[1]) {
	const data = await event.request.formData();
	const fields: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') fields[k] = v;
	const outcome = await attempt(event, call(data));
	if (!outcome.ok) return fail(outcome.status, { form, error: outcome.error, details: outcome.details, fields });
	const plan = outcome.value as { id: string };
	redirect(303, `/app/plans/${plan.id}?done=created`);
}

const text = (data: FormData, name: string) => {
	const v = data.get(name);
	return typeof v === 'string' ? v.trim() : '';
};
const yearOf = (data: FormData, name: string) => {
	const v = text(data, name);
	return v ? Number(v) : undefined;
};

export const actions: Actions = {
	template: (event) =>
		create(event, 'template', (d) => (ctx) => {
			const from = yearOf(d, 'from');
			const to = yearOf(d, 'to') ?? from;
			return createPlanFromTemplate(ctx, { unitCode: text(d, 'unit'), ...(from ? { years: { from, to: to ?? from } } : {}) });
		}),
	cascade: (event) => create(event, 'cascade', (d) => (ctx) => cascadePlan(ctx, { parentPlanId: text(d, 'parent'), unitCode: text(d, 'unit') })),
	copy: (event) => create(event, 'copy', (d) => (ctx) => copyPlan(ctx, { planId: text(d, 'source'), year: yearOf(d, 'year') })),
	import: (event) =>
		create(event, 'import', (d) => async (ctx) => {
			const file = d.get('file');
			if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', 'planImport.empty');
			const document = await parsePlanFile(new Uint8Array(await file.arrayBuffer()), file.name);
			return createPlan(ctx, { unitCode: text(d, 'unit'), document });
		})
};
