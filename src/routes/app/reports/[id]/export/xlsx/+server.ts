import type { RequestHandler } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { exportReportXlsx, exportResponse } from '$lib/server/modules/reports/reports.export';

/** The report's figures as XLSX (monitoring-form style, units below as rows), in the reader's language. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	return exportResponse(await orErrorPage(locals.locale, () => exportReportXlsx({ db, actor }, params.id, locals.locale)));
};
