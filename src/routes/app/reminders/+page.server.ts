import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, signedIn } from '$lib/server/http/actions';
import { findMyReminders, markRemindersRead } from '$lib/server/modules/outreach/reminders.service';

// Everyone signed in has reminders of their own: no permission, but only their own rows.
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	const unreadOnly = url.searchParams.get('unread') === '1';
	const db = (await locals.runtime()).database.db;
	return {
		list: await findMyReminders({ db, actor }, { locale: locals.locale, unreadOnly }),
		unreadOnly,
		marked: url.searchParams.has('marked')
	};
};

/** Only a path of the workspace may be returned to (never another site). */
const safeReturn = (value: FormDataEntryValue | null) => (typeof value === 'string' && /^\/app(\/[\w\-/]*)?(\?[\w=&%-]*)?$/.test(value) ? value : '/app/reminders');

export const actions: Actions = {
	read: async (event) => {
		const data = await event.request.formData();
		const id = String(data.get('id') ?? '');
		const outcome = await attempt(event, (ctx) => markRemindersRead(ctx, id));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		const back = safeReturn(data.get('returnTo'));
		redirect(303, back + (back.includes('?') ? '&' : '?') + 'marked');
	}
};
