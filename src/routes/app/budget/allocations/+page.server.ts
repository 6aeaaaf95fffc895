import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findFundingSources, findChannels } from '$lib/server/modules/catalog/catalog.service';
import { createAllocation, deleteAllocation, findAllocations } from '$lib/server/modules/budget/budget.service';
import { pageScope, textFields } from '$lib/server/modules/budget/budget.pages';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const scope = await pageScope({ db, actor }, url);
		const [list, sources, channels] = await Promise.all([
			findAllocations({ db, actor }, { unit: scope.unit ?? undefined, year: scope.year, limit: 500 }),
			findFundingSources(db, locals.locale),
			findChannels(db, locals.locale)
		]);
		return { ...scope, allocations: list.items, sources, channels, done: url.searchParams.get('done') };
	});
};

export const actions: Actions = {
	create: async (event) => {
		const data = await event.request.formData();
		const fields = textFields(data);
		const outcome = await attempt(event, (ctx) =>
			createAllocation(ctx, { ...fields, channel: fields.channel || null, plan: fields.plan || null, note: fields.note || null })
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields });
		redirect(303, `/app/budget/allocations?unit=${encodeURIComponent(fields.unit)}&year=${encodeURIComponent(fields.year)}&done=created`);
	},
	delete: async (event) => {
		const data = await event.request.formData();
		const outcome = await attempt(event, (ctx) => deleteAllocation(ctx, String(data.get('id') ?? '')));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		redirect(303, `/app/budget/allocations?unit=${encodeURIComponent(String(data.get('unit') ?? ''))}&year=${encodeURIComponent(String(data.get('year') ?? ''))}&done=deleted`);
	}
};
