import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getReport } from '$lib/server/modules/reports/reports.service';
import { saveReport } from '$lib/server/modules/reports/reports.workflow';
import { ReportSaveInput } from '$lib/server/modules/reports/reports.schemas';
import { ReportDetail } from '$lib/server/modules/reports/reports.api-schemas';

const Params = z.object({ id: z.string().max(100) });

export const GET = endpoint(
	{
		summary:
			'One report: its figures (computed live from the records while a draft or returned, frozen at approval), each computed figure with the address of the records behind it; entered figures, narrative sections, the units below still missing, the lock, history and what the actor may do',
		tags: ['reports'],
		auth: 'user',
		params: Params,
		response: ReportDetail
	},
	async ({ db, actor, params }) => getReport({ db, actor }, params.id)
);

export const PUT = endpoint(
	{
		summary: 'Saves the narrative sections and entered figures of a draft or returned report (reports.edit on its unit), given the version read; a stale version is a 409',
		tags: ['reports'],
		auth: 'user',
		params: Params,
		body: ReportSaveInput,
		response: ReportDetail
	},
	async ({ db, actor, params, body }) => saveReport({ db, actor }, params.id, body)
);
