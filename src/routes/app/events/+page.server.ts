import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { canSomewhere } from '$lib/server/access/actor';
import { t } from '$lib/i18n';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { findEvents } from '$lib/server/modules/events/events.service';
import { EventListQuery } from '$lib/server/modules/events/events.schemas';

const keys = ['unit', 'when', 'kind', 'status', 'limit', 'offset'] as const;

/** Upcoming events (soonest first) by default; past ones newest first; all. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	if (!canSomewhere(actor, 'activities.read')) error(403, t(locals.locale, 'error.forbidden'));
	const db = (await locals.runtime()).database.db;
	const given: Record<string, string> = {};
	for (const k of keys) {
		const v = url.searchParams.get(k);
		if (v !== null && v.trim() !== '') given[k] = v.slice(0, 60);
	}
	return orErrorPage(locals.locale, async () => {
		const query = EventListQuery.parse({ when: 'upcoming', ...given });
		const list = await findEvents({ db, actor }, query);
		return { list, query, canCreate: canSomewhere(actor, 'events.manage') };
	});
};
