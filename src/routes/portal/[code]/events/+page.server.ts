import type { PageServerLoad } from './$types';
import { orErrorPage } from '$lib/server/http/actions';
import { findPublicEvents } from '$lib/server/modules/events/events.public';

/** Upcoming published dialogues and events of the unit (a province lists its communes' too). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const db = (await locals.runtime()).database.db;
	const code = params.code.slice(0, 40);
	return orErrorPage(locals.locale, async () => ({ code, events: await findPublicEvents(db, code) }));
};
