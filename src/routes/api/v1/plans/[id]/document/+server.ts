import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { documentContentTypes } from '$lib/server/documents';
import { renderPlanDocx, renderPlanHtmlPage, renderPlanPdf } from '$lib/server/modules/plans/document';
import { getPlanDocument } from '$lib/server/modules/plans/plans.service';
import { PlanIdParams } from '$lib/server/modules/plans/plans.schemas';

export const GET = endpoint(
	{
		summary: 'The plan as an official document (Decree 30 layout): html (default, to preview), docx, or pdf (the DOCX converted by LibreOffice)',
		tags: ['plans'],
		auth: 'user',
		params: PlanIdParams,
		query: z.object({ format: z.enum(['html', 'docx', 'pdf']).default('html') }),
		produces: Object.values(documentContentTypes)
	},
	async ({ db, actor, params, query }) => {
		const plan = await getPlanDocument({ db, actor }, params.id);
		const format = query.format;
		const body =
			format === 'docx' ? await renderPlanDocx(plan.document) : format === 'pdf' ? await renderPlanPdf(plan.document) : Buffer.from(renderPlanHtmlPage(plan.document), 'utf8');
		// "ke-hoach-16108-12-KH-UBND.docx" once issued, "ke-hoach-16108-du-thao-v2.docx" before.
		const name = `ke-hoach-${plan.unit}-${plan.reference ? plan.reference.replace(/\//g, '-') : `du-thao-v${plan.version}`}`.replace(/[^A-Za-z0-9._-]/g, '_');
		return new Response(new Uint8Array(body), {
			headers: {
				'content-type': documentContentTypes[format],
				'content-length': String(body.byteLength),
				'content-disposition': `${format === 'html' ? 'inline' : 'attachment'}; filename="${name}.${format}"`
			}
		});
	}
);
