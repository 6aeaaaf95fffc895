import { endpoint } from '$lib/server/api/endpoint';
import { addPrintRun } from '$lib/server/modules/content/content.printing';
import { ContentIdParams, ContentView, PrintRunInput } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{
		summary: 'Record a print run of an approved or published leaflet: date, quantity > 0, printer, cost in đồng',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		body: PrintRunInput,
		response: ContentView,
		status: 201
	},
	async ({ db, actor, params, body }) => addPrintRun({ db, actor }, params.id, body)
);
