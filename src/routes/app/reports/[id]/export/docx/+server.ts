import type { RequestHandler } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { exportReportDocx, exportResponse } from '$lib/server/modules/reports/reports.export';

/** The report as DOCX in the BC-UBND layout; 404 (error page) when absent or out of reach. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return exportResponse(await orErrorPage(locals.locale, () => exportReportDocx({ db, actor }, params.id)));
};
