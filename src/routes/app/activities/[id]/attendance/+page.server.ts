import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { attempt, orErrorPage, signedIn } from '$lib/server/http/actions';
import { AttendanceInput, getAttendanceList, recordAttendance } from '$lib/server/modules/activities/activities.attendance';

/** The attendance list with a checkbox per household: ticks are saved by a plain form post. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const list = await getAttendanceList({ db, actor }, params.id, { screen: 'attendance_list', purpose: 'attendance_tick' });
		const saved = url.searchParams.get('saved')?.match(/^(\d+)-(\d+)-(\d+)$/);
		return { list, saved: saved ? { added: Number(saved[1]), removed: Number(saved[2]), households: Number(saved[3]) } : null };
	});
};

export const actions: Actions = {
	save: async (event) => {
		const data = await event.request.formData();
		const strings = (name: string) => data.getAll(name).filter((v): v is string => typeof v === 'string');
		const outcome = await attempt(event, (ctx) => recordAttendance(ctx, event.params.id, AttendanceInput.parse({ shown: strings('shown'), ticked: strings('ticked') })));
		if (!outcome.ok) return fail(outcome.status, { error: outcome.error, details: outcome.details });
		const r = outcome.value;
		redirect(303, `/app/activities/${event.params.id}/attendance?saved=${r.added}-${r.removed}-${r.households}`);
	}
};
