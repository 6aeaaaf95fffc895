import { endpoint } from '$lib/server/api/endpoint';
import { tabularContentTypes } from '$lib/server/files/tabular-writer';
import { exportUnits } from '$lib/server/modules/units/units.export';
import { UnitExportQuery } from '$lib/server/modules/units/units.schemas';

export const GET = endpoint(
	{
		summary: 'Units the actor may read (under root, if given) as CSV (UTF-8 with BOM) or XLSX, in the import columns',
		tags: ['units'],
		auth: 'user',
		query: UnitExportQuery,
		produces: [tabularContentTypes.csv, tabularContentTypes.xlsx]
	},
	async ({ db, actor, query }) => {
		const file = await exportUnits({ db, actor }, query);
		return new Response(new Uint8Array(file.body), {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="${file.filename}"`,
				'content-length': String(file.body.byteLength)
			}
		});
	}
);
