import { endpoint } from '$lib/server/api/endpoint';
import { generateLeafletPdf } from '$lib/server/modules/content/content.leaflet';
import { ContentIdParams, ContentView, LeafletGenerateInput } from '$lib/server/modules/content/content.schemas';

export const POST = endpoint(
	{
		summary: 'Make the leaflet’s printable PDF from its title, summary and text (A4 or A5, large type, the commune’s name, a contact line) through LibreOffice; 503 when LibreOffice is missing',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		body: LeafletGenerateInput,
		response: ContentView
	},
	async ({ db, actor, params, body, locale }) => generateLeafletPdf({ db, actor }, params.id, body, { locale })
);
