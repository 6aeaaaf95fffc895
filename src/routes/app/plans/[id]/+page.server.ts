import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getPlan, findPlanCascades } from '$lib/server/modules/plans/plans.service';
import { approvePlan, issuePlan, returnPlan, reviseIssuedPlan, submitPlan } from '$lib/server/modules/plans/plans.workflow';
import { PlanReturnInput } from '$lib/server/modules/plans/plans.schemas';
import { renderPlanHtml } from '$lib/server/modules/plans/document/index';
import { findIndicators } from '$lib/server/modules/catalog/catalog.service';
// Plan versus actual and household reach (reach section of the page).
import { planProgress } from '$lib/server/modules/plans/plans.actual';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const plan = await getPlan({ db, actor }, params.id);
		const cascades = await findPlanCascades({ db, actor }, plan.id, { limit: 200, offset: 0 });
		const indicators = await findIndicators(db, locals.locale, { includeInactive: true });
		return {
			plan,
			indicators: indicators.map((i) => ({ code: i.code, name: i.name, unit: i.unit })),
			// Escaped by the renderer: every text of the plan is text, never markup.
			preview: renderPlanHtml(plan, { headingLevel: 2 }),
			cascades: cascades.items,
			moreCascades: cascades.hasMore,
			done: url.searchParams.get('done'),
			// Plan versus actual and household reach (reach section of the page).
			progress: await planProgress({ db, actor }, plan.id, locals.locale)
		};
	});
};

/** Runs a workflow step; success reloads the page (or opens the new version), failure keeps the comment typed. */
async function step(event: RequestEvent<{ id: string }>, name: string, call: (fields: Record<string, string>) => Parameters<typeof attempt>[1]) {
	const data = await event.request.formData();
	const fields: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') fields[k] = v;
	const outcome = await attempt(event, call(fields));
	if (!outcome.ok) return fail(outcome.status, { form: name, error: outcome.error, details: outcome.details, fields });
	const plan = outcome.value as { id: string };
	redirect(303, `/app/plans/${plan.id}?done=${name}`);
}

export const actions: Actions = {
	submit: (e) => step(e, 'submit', () => (ctx) => submitPlan(ctx, e.params.id)),
	return: (e) => step(e, 'return', (f) => (ctx) => returnPlan(ctx, e.params.id, PlanReturnInput.parse({ comment: f.comment ?? '' }))),
	approve: (e) => step(e, 'approve', () => (ctx) => approvePlan(ctx, e.params.id)),
	issue: (e) => step(e, 'issue', () => (ctx) => issuePlan(ctx, e.params.id)),
	revise: (e) => step(e, 'revise', () => (ctx) => reviseIssuedPlan(ctx, e.params.id))
};
