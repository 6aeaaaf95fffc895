import { endpoint } from '$lib/server/api/endpoint';
import { canSomewhere } from '$lib/server/access/actor';
import { AppError, forbidden } from '$lib/server/errors';
import { DEFAULT_MAX_BYTES } from '$lib/server/files/tabular';
import { tabularContentTypes } from '$lib/server/files/tabular-writer';
import { importUnits } from '$lib/server/modules/units/units.import';
import { UnitImportQuery, UnitImportResult } from '$lib/server/modules/units/units.schemas';

/**
 * Types a client may label a spreadsheet with. The content decides CSV or XLSX; the label only
 * has to be plausible (browsers call a .csv `application/vnd.ms-excel` on Windows).
 */
const acceptedTypes = new Set([
	'text/csv',
	'application/csv',
	'text/plain',
	'application/vnd.ms-excel',
	'application/octet-stream',
	tabularContentTypes.xlsx
]);

export const POST = endpoint(
	{
		summary: 'Import units from a CSV or XLSX file sent as the raw body (max 10 MB; administrators). Bad rows → 400 with every row in details, unless skipErrors=true',
		tags: ['units'],
		auth: 'user',
		query: UnitImportQuery,
		consumes: ['text/csv', tabularContentTypes.xlsx],
		response: UnitImportResult
	},
	async ({ event, db, actor, query, locale }) => {
		if (!canSomewhere(actor, 'units.manage')) throw forbidden();
		const type = (event.request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
		if (!acceptedTypes.has(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'error.unsupportedType', { type: type.slice(0, 60) || '—' });
		if (Number(event.request.headers.get('content-length') ?? 0) > DEFAULT_MAX_BYTES) {
			throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '10 MB' });
		}
		if (!event.request.body) throw new AppError('VALIDATION', 'file.table.empty');
		return importUnits({ db, actor }, event.request.body, { skipErrors: query.skipErrors, locale });
	}
);
