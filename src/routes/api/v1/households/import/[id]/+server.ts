import { endpoint } from '$lib/server/api/endpoint';
import { getHouseholdImport } from '$lib/server/modules/households/import/import.jobs';
import { HouseholdImportParams, HouseholdImportStatus } from '$lib/server/modules/households/import/import.schemas';

export const GET = endpoint(
	{
		summary: 'Where a household list import stands: its progress while it runs, its summary (rows, imported, updated, unchanged, duplicates, errors) once done',
		tags: ['households'],
		auth: 'user',
		params: HouseholdImportParams,
		response: HouseholdImportStatus
	},
	async ({ db, actor, params, locale }) => getHouseholdImport({ db, actor }, params.id, locale)
);
