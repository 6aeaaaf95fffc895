import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { getSettlement, presentSettlement, settlementFile } from '$lib/server/modules/budget/budget.settlement';
import { SettlementQuery } from '$lib/server/modules/budget/budget.schemas';

export const GET = endpoint(
	{
		summary:
			'Year-end settlement of a commune or province (a province aggregates its communes): allocated, settled (approved spending) and waiting per source and unit, integer đồng. format=xlsx gives the workbook with every line behind the figures, format=docx the cover in the official layout.',
		tags: ['budget'],
		auth: 'user',
		query: SettlementQuery.extend({ format: z.enum(['json', 'xlsx', 'docx']).default('json') }),
		produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']
	},
	async ({ db, actor, query }) => {
		if (query.format === 'json') return presentSettlement(await getSettlement({ db, actor }, query.unit, query.year, { lines: false }));
		const file = await settlementFile({ db, actor }, query.unit, query.year, query.format);
		return new Response(new Uint8Array(file.body), {
			headers: { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.name}"`, 'cache-control': 'no-store' }
		});
	}
);
