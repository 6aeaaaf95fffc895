import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { attempt, formObject, signedIn } from '$lib/server/http/actions';
import { findAccounts, saveAccount, sendTestMessage } from '$lib/server/modules/outreach/outreach.accounts';

/** A unit's platform accounts: list, add or change, and a test message through the outbox. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.manage')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const accounts = await findAccounts({ db, actor });
	const editId = url.searchParams.get('edit');
	const units = [...new Map(actor.grants.filter((g) => g.unitCode).map((g) => [g.unitCode!, g.unitName ?? g.unitCode!])).entries()].map(([code, name]) => ({ code, name }));
	return { accounts, editing: accounts.find((a) => a.id === editId) ?? null, units };
};

export const actions: Actions = {
	save: async (event) => {
		const f = await formObject(event.request);
		const outcome = await attempt(event, (ctx) =>
			saveAccount(ctx, {
				unit: f.unit ?? '',
				platform: (f.platform ?? '') as never,
				name: f.name ?? '',
				externalId: f.externalId,
				accessToken: f.accessToken,
				webhookSecret: f.webhookSecret,
				appId: f.appId,
				inboundNumber: f.inboundNumber,
				templates: f.templates,
				ratePerSecond: f.ratePerSecond,
				active: f.active === 'on'
			})
		);
		// Secrets never go back to the page, not even the ones just typed.
		const { accessToken: _a, webhookSecret: _w, ...kept } = f;
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, values: kept });
		return { ok: t(event.locals.locale, 'platforms.form.saved') };
	},
	test: async (event) => {
		const f = await formObject(event.request);
		const outcome = await attempt(event, (ctx) => sendTestMessage(ctx, f.id ?? '', { address: f.address ?? '' }));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, testFor: f.id });
		return { ok: t(event.locals.locale, 'platforms.test.queued'), testFor: f.id };
	}
};
