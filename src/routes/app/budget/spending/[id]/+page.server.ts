import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findFundingSources } from '$lib/server/modules/catalog/catalog.service';
import { addReceipts, correctSpending, getSpending, reviewSpending } from '$lib/server/modules/budget/budget.service';
import { filesOf, textFields } from '$lib/server/modules/budget/budget.pages';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const [line, sources] = await Promise.all([getSpending({ db, actor }, params.id), findFundingSources(db, locals.locale)]);
		return { line, sources, done: url.searchParams.get('done') };
	});
};

async function run(event: RequestEvent<{ id: string }>, form: string, call: Parameters<typeof attempt>[1], done: string, fields?: Record<string, string>) {
	const outcome = await attempt(event, call);
	if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, form, fields, overspend: outcome.status === 409 });
	redirect(303, `/app/budget/spending/${event.params.id}?done=${done}`);
}

export const actions: Actions = {
	approve: (event) => run(event, 'review', (ctx) => reviewSpending(ctx, event.params.id, { decision: 'approve' }), 'approved'),
	correction: async (event) => {
		const data = await event.request.formData();
		return run(event, 'review', (ctx) => reviewSpending(ctx, event.params.id, { decision: 'correction', note: String(data.get('note') ?? '') }), 'returned');
	},
	correct: async (event) => {
		const data = await event.request.formData();
		const fields = textFields(data);
		const receipts = await filesOf(data, 'receipts');
		const override = fields.overrideReason?.trim() ? { reason: fields.overrideReason } : null;
		return run(
			event,
			'correct',
			(ctx) =>
				correctSpending(
					ctx,
					event.params.id,
					{ activity: fields.activity, source: fields.source || undefined, amount: fields.amount, spentOn: fields.spentOn, payee: fields.payee, description: fields.description || null, override },
					receipts
				),
			'corrected',
			fields
		);
	},
	receipts: async (event) => {
		const data = await event.request.formData();
		const receipts = await filesOf(data, 'receipts');
		return run(event, 'receipts', (ctx) => addReceipts(ctx, event.params.id, receipts), 'receipts');
	}
};
