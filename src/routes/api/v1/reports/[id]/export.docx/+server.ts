import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { documentContentTypes } from '$lib/server/documents';
import { exportReportDocx, exportResponse } from '$lib/server/modules/reports/reports.export';

export const GET = endpoint(
	{
		summary: 'A report as DOCX in the official layout (BC-UBND): header, figures table, shortcomings, causes, proposals, recipients, signature. Frozen figures once approved. 404 when absent or out of reach (reports.read on its unit).',
		tags: ['reports'],
		auth: 'user',
		params: z.object({ id: z.string().max(64) }),
		produces: [documentContentTypes.docx]
	},
	async ({ db, actor, params }) => exportResponse(await exportReportDocx({ db, actor }, params.id))
);
