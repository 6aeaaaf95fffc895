import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getEvent, updateEvent } from '$lib/server/modules/events/events.service';
import { eventFormOptions } from '$lib/server/modules/events/events.options';
import { eventFormInput, eventFormValues } from '../../form.server';

/** The event's details as the form shows them; the version read goes with the form (a lost update is refused). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const e = await getEvent({ db, actor }, params.id);
		if (!e.allowed.manage) error(403, t(locals.locale, 'events.manageForbidden'));
		const options = await eventFormOptions({ db, actor }, locals.locale);
		const values: Record<string, string | string[]> = {
			unit: e.unit.code,
			kind: e.kind,
			title: e.title,
			description: e.description ?? '',
			agenda: e.agenda.join('\n'),
			place: e.place ?? '',
			date: e.date,
			startTime: e.startTime ?? '',
			endTime: e.endTime ?? '',
			invitedGroups: e.invitedGroups,
			invitedVillages: e.invitedVillages.map((v) => v.code),
			published: e.published ? 'on' : '',
			registrationOpen: e.registrationOpen ? 'on' : '',
			capacity: e.capacity === null ? '' : String(e.capacity),
			version: String(e.version)
		};
		return { event: { id: e.id, title: e.title }, options, values };
	});
};

export const actions: Actions = {
	save: async (event) => {
		const values = eventFormValues(await event.request.formData());
		const outcome = await attempt(event, (ctx) => updateEvent(ctx, event.params.id, eventFormInput(values)));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, values });
		redirect(303, `/app/events/${event.params.id}?done=saved`);
	}
};
