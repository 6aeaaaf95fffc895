import { endpoint } from '$lib/server/api/endpoint';
import { createAllocation, findAllocations } from '$lib/server/modules/budget/budget.service';
import { AllocationInput, BudgetQuery } from '$lib/server/modules/budget/budget.schemas';

export const GET = endpoint(
	{
		summary: 'Allocations (money granted by a decision to a commune or province for a year and funding source) in the actor’s reach; amounts in integer đồng. 403 for accounts that see no money (village heads).',
		tags: ['budget'],
		auth: 'user',
		query: BudgetQuery
	},
	async ({ db, actor, query }) => findAllocations({ db, actor }, query)
);

export const POST = endpoint(
	{
		summary: 'Record an allocation citing its decision (number, date, issuer); amount as integer đồng or "1.500.000"',
		tags: ['budget'],
		auth: 'user',
		body: AllocationInput,
		status: 201
	},
	async ({ db, actor, body }) => createAllocation({ db, actor }, body)
);
