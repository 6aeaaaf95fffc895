import { json } from '@sveltejs/kit';
import { endpoint } from '$lib/server/api/endpoint';
import { canSomewhere } from '$lib/server/access/actor';
import { AppError, forbidden } from '$lib/server/errors';
import { saveUpload } from '$lib/server/files/upload';
import { tabularContentTypes } from '$lib/server/files/tabular-writer';
import { DEFAULT_IMPORT_MAX_BYTES } from '$lib/server/modules/households/import/import.service';
import { getHouseholdImport, settled, startHouseholdImport } from '$lib/server/modules/households/import/import.jobs';
import { HouseholdImportQuery, HouseholdImportStatus } from '$lib/server/modules/households/import/import.schemas';

/** Labels a client may give a spreadsheet; the content decides CSV or XLSX (as for units). */
const acceptedTypes = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream', tabularContentTypes.xlsx]);

export const POST = endpoint(
	{
		summary:
			'Import a household list (CSV or XLSX as the raw body, max 10 MB) into a commune or village. Answers 202 with the import and its progress (poll GET …/import/{id}); with wait=true, 200 once it has finished, with its summary. A file that is not a list is a 400 at once.',
		tags: ['households'],
		auth: 'user',
		query: HouseholdImportQuery,
		consumes: ['text/csv', tabularContentTypes.xlsx],
		response: HouseholdImportStatus,
		status: 202
	},
	async ({ event, db, actor, query, locale }) => {
		if (!canSomewhere(actor, 'households.import')) throw forbidden();
		const type = (event.request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		if (!acceptedTypes.has(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'error.unsupportedType', { type: type.slice(0, 60) || '—' });
		if (Number(event.request.headers.get('content-length') ?? 0) > DEFAULT_IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '10 MB' });
		if (!event.request.body) throw new AppError('VALIDATION', 'file.table.empty');
		const file = await saveUpload(event.request.body, DEFAULT_IMPORT_MAX_BYTES);
		const id = await startHouseholdImport({ db, actor }, file, {
			unitCode: query.unit,
			year: query.year,
			dryRun: query.dryRun,
			fileName: query.fileName ?? 'upload',
			locale
		});
		if (query.wait) await settled(id);
		const status = await getHouseholdImport({ db, actor }, id, locale);
		return json(status, { status: query.wait ? 200 : 202, headers: { location: `/api/v1/households/import/${id}` } });
	}
);
