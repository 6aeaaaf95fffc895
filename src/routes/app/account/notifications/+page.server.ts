import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { t } from '$lib/i18n';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { getPreferences, preferencesFromForm, updatePreferences, REMINDER_CHANNELS } from '$lib/server/modules/outreach/reminders.preferences';
import { REMINDER_KINDS } from '$lib/server/modules/outreach/reminders.collect';

// Anyone signed in sets their own; an administrator may open another person's with ?user=<id> (read only, audited).
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const other = url.searchParams.get('user');
	return orErrorPage(locals.locale, async () => ({
		prefs: await getPreferences({ db, actor }, other ?? actor.userId),
		own: !other || other === actor.userId,
		channels: REMINDER_CHANNELS,
		kinds: REMINDER_KINDS
	}));
};

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		const input = preferencesFromForm(data);
		const outcome = await attempt(event, (ctx) => updatePreferences(ctx, input));
		if (!outcome.ok) {
			// The form comes back as it was sent, with the errors beside it.
			const values = { ...input, digestHour: String(data.get('digestHour') ?? '') };
			return fail(outcome.status, { error: outcome.error, details: outcome.details, values });
		}
		return { ok: t(event.locals.locale, 'reminders.prefs.saved') };
	}
};
