import { endpoint } from '$lib/server/api/endpoint';
import { tabularContentTypes } from '$lib/server/files/tabular-writer';
import { getRejectedRows } from '$lib/server/modules/households/import/import.jobs';
import { HouseholdImportParams } from '$lib/server/modules/households/import/import.schemas';

export const GET = endpoint(
	{
		summary: 'The rows an import refused, as XLSX: the row number, the cells as the file had them, and a reason column',
		tags: ['households'],
		auth: 'user',
		params: HouseholdImportParams,
		produces: [tabularContentTypes.xlsx]
	},
	async ({ db, actor, params, locale }) => {
		const file = await getRejectedRows({ db, actor }, params.id, locale);
		return new Response(new Uint8Array(file.body), {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="rejected-rows-${params.id.slice(0, 8)}.xlsx"`,
				'content-length': String(file.body.byteLength)
			}
		});
	}
);
