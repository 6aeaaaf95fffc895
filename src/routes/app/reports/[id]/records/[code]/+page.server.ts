import type { PageServerLoad } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { getFigureRecords, getReport } from '$lib/server/modules/reports/reports.service';

/** The records behind one computed figure of a report. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return orErrorPage(locals.locale, async () => {
		const records = await getFigureRecords({ db, actor }, params.id, params.code);
		const report = await getReport({ db, actor }, params.id);
		const figure = report.figures.find((f) => f.code === params.code)!;
		return { locale: locals.locale, report: { id: report.id, unit: report.unit, period: report.period, form: report.form }, figure, records };
	});
};
