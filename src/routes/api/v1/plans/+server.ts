import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { createPlan, findPlans } from '$lib/server/modules/plans/plans.service';
import { cascadePlan, copyPlan, createPlanFromTemplate } from '$lib/server/modules/plans/plans.sources';
import { PlanCreateBody, PlanListQuery, PlanSummary, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'Plans the actor may read (issued plans are public; drafts within reach), filtered by unit subtree, status, year, words, cascade source',
		tags: ['plans'],
		auth: 'user',
		query: PlanListQuery,
		response: page(PlanSummary)
	},
	async ({ db, actor, query }) => findPlans({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary:
			'Create a draft plan: from the template { unit, template: true, year? }, cascaded { unit, cascadeFrom }, copied { copyFrom, year? }, or a whole document { unit, …interchange fields } (what GET /api/v1/plans/{id} returns)',
		tags: ['plans'],
		auth: 'user',
		body: PlanCreateBody,
		response: PlanView,
		status: 201
	},
	async ({ db, actor, body }) => {
		const ctx = { db, actor };
		switch (body.from) {
			case 'template':
				return createPlanFromTemplate(ctx, { unitCode: body.unit, year: body.year, years: body.years });
			case 'cascade':
				return cascadePlan(ctx, { parentPlanId: body.cascadeFrom, unitCode: body.unit });
			case 'copy':
				return copyPlan(ctx, { planId: body.copyFrom, year: body.year });
			case 'document': {
				const { from: _, unit, ...document } = body;
				return createPlan(ctx, { unitCode: unit, document });
			}
		}
	}
);
