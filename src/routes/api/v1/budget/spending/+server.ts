import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { findSpending, recordSpending } from '$lib/server/modules/budget/budget.service';
import { BudgetQuery, SpendingInput } from '$lib/server/modules/budget/budget.schemas';

export const GET = endpoint(
	{
		summary: 'Spending lines in the actor’s reach, newest first; filter by unit, year, source, status, activity',
		tags: ['budget'],
		auth: 'user',
		query: BudgetQuery
	},
	async ({ db, actor, query }) => findSpending({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary:
			'Record spending on an activity from one source. Give `id` (a uuid you make) so a repeated POST stores once: the same content again → 200 with the stored line, other content → 409. Overspending a source (spending and commitment beyond allocation) is 409 unless the finance officer sends `override: { reason }`. Receipts: POST /api/v1/budget/spending/{id}/receipts.',
		tags: ['budget'],
		auth: 'user',
		body: SpendingInput.extend({ id: z.uuid().optional() }),
		status: 201
	},
	async ({ db, actor, body }) => {
		const { id, ...input } = body;
		const { line, created } = await recordSpending({ db, actor }, input, { id });
		return json(line, { status: created ? 201 : 200 });
	}
);
