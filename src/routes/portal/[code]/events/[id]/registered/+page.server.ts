import type { PageServerLoad } from './$types';
import { orErrorPage } from '$lib/server/http/actions';
import { getPublicEvent } from '$lib/server/modules/events/events.public';

/** The confirmation after registering: the event and the reference, nothing else about anyone. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = (await locals.runtime()).database.db;
	const code = params.code.slice(0, 40);
	const ref = (url.searchParams.get('ref') ?? '').slice(0, 8).replace(/[^0-9A-F]/g, '');
	return orErrorPage(locals.locale, async () => {
		const { event } = await getPublicEvent(db, params.id.slice(0, 100), locals.locale, { portalCode: code });
		return { code, ref, event: { id: event.id, title: event.title, date: event.date, startTime: event.startTime, place: event.place } };
	});
};
