import { endpoint } from '$lib/server/api/endpoint';
import { tabularContentTypes } from '$lib/server/files/tabular-writer';
import { exportHouseholds } from '$lib/server/modules/households/households.export';
import { HouseholdExportQuery } from '$lib/server/modules/households/households.schemas';

export const GET = endpoint(
	{
		summary: 'Any filtered household list as XLSX (masked as the actor sees it; every household exported is access-logged)',
		tags: ['households'],
		auth: 'user',
		query: HouseholdExportQuery,
		produces: [tabularContentTypes.xlsx]
	},
	async ({ db, actor, locale, query: { purpose, ...filter } }) => {
		const file = await exportHouseholds({ db, actor }, filter, { screen: 'export', purpose: purpose ?? 'export' }, locale);
		return new Response(new Uint8Array(file.body), {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="${file.filename}"`,
				'content-length': String(file.body.byteLength)
			}
		});
	}
);
