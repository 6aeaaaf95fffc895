import type { PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getAttendanceList } from '$lib/server/modules/activities/activities.attendance';

/** The attendance list to print (HTML with print styles; no JavaScript needed). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => ({
		list: await getAttendanceList({ db, actor }, params.id, { screen: 'attendance_list', purpose: 'attendance_print' })
	}));
};
