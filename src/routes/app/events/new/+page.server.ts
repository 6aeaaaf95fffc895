import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, signedIn } from '$lib/server/http/actions';
import { today } from '$lib/server/periods';
import { createEvent } from '$lib/server/modules/events/events.service';
import { eventFormOptions } from '$lib/server/modules/events/events.options';
import { eventFormInput, eventFormValues } from '../form.server';

/** A new dialogue or event: published with registration open unless unticked. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const options = await eventFormOptions({ db, actor }, locals.locale);
	if (!options.units.length) error(403, t(locals.locale, 'error.forbidden'));
	return {
		options,
		values: { unit: options.units[0].code, kind: 'dialogue', date: today(), startTime: '08:00', endTime: '10:30', invitedGroups: ['poor', 'near_poor'] } as Record<string, string | string[]>
	};
};

export const actions: Actions = {
	save: async (event) => {
		const values = eventFormValues(await event.request.formData());
		const outcome = await attempt(event, (ctx) => createEvent(ctx, eventFormInput(values)));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details, values });
		redirect(303, `/app/events/${outcome.value.id}?done=created`);
	}
};
