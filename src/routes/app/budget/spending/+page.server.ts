import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { findFundingSources } from '$lib/server/modules/catalog/catalog.service';
import { findActivities, isUuid, loadReadableActivity } from '$lib/server/modules/activities/activities.service';
import { findSpending, recordSpending } from '$lib/server/modules/budget/budget.service';
import { spendingStatuses } from '$lib/server/modules/budget/budget.schemas';
import { filesOf, pageScope, textFields } from '$lib/server/modules/budget/budget.pages';
import { canSomewhere } from '$lib/server/access/actor';

/** Spending lines of a holder and year (filter by status or activity) and the form to record one. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const scope = await pageScope({ db, actor }, url);
		const statusParam = url.searchParams.get('status');
		const status = (spendingStatuses as readonly string[]).includes(statusParam ?? '') ? (statusParam as (typeof spendingStatuses)[number]) : undefined;
		const activityParam = url.searchParams.get('activity');
		const activity = activityParam && isUuid(activityParam) ? activityParam : undefined;
		const [list, sources, activities] = await Promise.all([
			findSpending({ db, actor }, { unit: activity ? undefined : (scope.unit ?? undefined), year: activity ? undefined : scope.year, status, activity, limit: 500 }),
			findFundingSources(db, locals.locale),
			canSomewhere(actor, 'budget.edit')
				? findActivities({ db, actor }, { unit: scope.unit ?? undefined, period: String(scope.year), limit: 300, offset: 0 }).then((r) => r.items)
				: Promise.resolve([])
		]);
		const options = activities.map((a) => ({ id: a.id, label: `${a.date} · ${a.title} (${a.unit.name})` }));
		if (activity && !options.some((o) => o.id === activity)) {
			// An activity of another year, asked for by its page's link.
			const found = await loadReadableActivity(db, actor, activity).catch(() => null);
			if (found) options.unshift({ id: activity, label: `${found.activity.date} · ${found.activity.title} (${found.unitName})` });
		}
		return { ...scope, status: status ?? '', activity: activity ?? '', lines: list.items, total: list.total, sources, activityOptions: options, clientId: randomUUID(), done: url.searchParams.get('done') };
	});
};

export const actions: Actions = {
	/** Multipart: the line's fields, its receipts (documents only), and for the finance officer an override reason. */
	create: async (event) => {
		const data = await event.request.formData();
		const fields = textFields(data);
		const receipts = await filesOf(data, 'receipts');
		const override = fields.overrideReason?.trim() ? { reason: fields.overrideReason } : null;
		const outcome = await attempt(event, (ctx) =>
			recordSpending(
				ctx,
				{ activity: fields.activity, source: fields.source || undefined, amount: fields.amount, spentOn: fields.spentOn, payee: fields.payee, description: fields.description || null, override },
				{ id: isUuid(fields.clientId ?? '') ? fields.clientId : undefined, receipts }
			)
		);
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, fields, overspend: outcome.status === 409 });
		redirect(303, `/app/budget/spending/${outcome.value.line.id}?done=created`);
	}
};
