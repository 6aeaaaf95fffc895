import { endpoint } from '$lib/server/api/endpoint';
import { getPlan, updatePlan } from '$lib/server/modules/plans/plans.service';
import { PlanDocumentBody, PlanIdParams, PlanView } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'One plan: the interchange document at the top level (POST it back to copy it), with status, version, versions, tracked tasks and allowed actions',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		response: PlanView
	},
	async ({ db, actor, params }) => getPlan({ db, actor }, params.id)
);

export const PUT = endpoint(
	{
		summary: 'Replace the document of a draft (or returned) plan; submitted, approved and issued plans are a 409',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		body: PlanDocumentBody,
		response: PlanView
	},
	async ({ db, actor, params, body }) => updatePlan({ db, actor }, params.id, body)
);
