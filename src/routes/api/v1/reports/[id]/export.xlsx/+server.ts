import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { exportReportXlsx, exportResponse } from '$lib/server/modules/reports/reports.export';
import { XLSX_CONTENT_TYPE } from '$lib/server/modules/reports/reports.export.xlsx';

export const GET = endpoint(
	{
		summary: "A report's figures as XLSX in the style of the monitoring forms (Circular 10/2022/TT-BLĐTBXH): indicators as columns, one row per unit below, the unit's own row and total. 404 when absent or out of reach.",
		tags: ['reports'],
		auth: 'user',
		params: z.object({ id: z.string().max(64) }),
		produces: [XLSX_CONTENT_TYPE]
	},
	async ({ db, actor, locale, params }) => exportResponse(await exportReportXlsx({ db, actor }, params.id, locale))
);
