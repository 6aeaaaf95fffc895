import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findMessages } from '$lib/server/modules/outreach/outbox.log';
import { OutboxListQuery, outboxKinds, outboxStatuses } from '$lib/server/modules/outreach/outbox.schemas';
import { outreachChannels } from '$lib/server/modules/outreach/adapters/types';

const keys = ['status', 'channel', 'kind', 'unit', 'from', 'to', 'limit', 'offset'] as const;

/** The delivery log; a bad filter is the error page with the reason (400), never a 500. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'outreach.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const filters: Record<string, string> = {};
	for (const k of keys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') filters[k] = v.trim();
	}
	return orErrorPage(locals.locale, async () => {
		const query = OutboxListQuery.parse(filters);
		const list = await findMessages({ db, actor, locale: locals.locale }, query);
		const pageHref = (offset: number) => {
			const q = new URLSearchParams({ ...filters, offset: String(offset) });
			return `/app/outreach/messages?${q}`;
		};
		return {
			list,
			filters,
			statuses: [...outboxStatuses],
			channels: [...outreachChannels],
			kinds: [...outboxKinds],
			newer: query.offset > 0 ? pageHref(Math.max(0, query.offset - query.limit)) : null,
			older: list.hasMore ? pageHref(query.offset + query.limit) : null
		};
	});
};
