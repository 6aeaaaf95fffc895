import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can, canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { findAuditEntries, presentAuditEntry, verifyAuditChain } from '$lib/server/audit/audit.service';
import { AuditListQuery } from '$lib/server/audit/audit.schemas';
import { runAction } from '$lib/server/http/actions';
import { forbidden } from '$lib/server/errors';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor!;
	if (!canSomewhere(actor, 'audit.read')) error(403, t(locals.locale, 'error.forbidden'));
	const parsed = AuditListQuery.safeParse(Object.fromEntries(url.searchParams));
	const query = parsed.success ? parsed.data : AuditListQuery.parse({});
	const rt = await locals.runtime();
	const { items, hasMore } = await findAuditEntries(rt.database.db, actor, query);
	return {
		entries: items.map(presentAuditEntry),
		hasMore,
		query,
		canVerify: can(actor, 'users.manage')
	};
};

export const actions: Actions = {
	verify: (event) =>
		runAction(event, async ({ db, actor }) => {
			if (!can(actor, 'users.manage')) throw forbidden();
			const result = await verifyAuditChain(db);
			const locale = event.locals.locale;
			return result.ok
				? { ok: t(locale, 'audit.verifyOk', { count: result.count }) }
				: { broken: t(locale, 'audit.verifyBroken', { seq: result.brokenAt ?? 0, reason: result.reason ?? '' }) };
		})
};
