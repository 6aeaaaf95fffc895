import { endpoint } from '$lib/server/api/endpoint';
import { fileHeaders, MAX_STORED_FILE_BYTES } from '$lib/server/files/store';
import { readUpload } from '$lib/server/files/upload';
import { AppError } from '$lib/server/errors';
import { getContentPdf, uploadLeafletPdf } from '$lib/server/modules/content/content.leaflet';
import { ContentIdParams, ContentView } from '$lib/server/modules/content/content.schemas';

/** The upload's name from `X-File-Name` (percent-encoded UTF-8); a badly encoded one is taken as sent. */
function fileName(header: string | null): string {
	if (!header) return 'to-roi.pdf';
	try {
		return decodeURIComponent(header);
	} catch {
		return header;
	}
}

export const GET = endpoint(
	{ summary: 'The leaflet’s printable PDF (404 when there is none or the item is out of scope)', tags: ['content'], auth: 'user', params: ContentIdParams, produces: ['application/pdf'] },
	async ({ db, actor, params }) => {
		const file = await getContentPdf({ db, actor }, params.id);
		return new Response(new Uint8Array(file.bytes), { headers: fileHeaders(file, 'inline') });
	}
);

export const PUT = endpoint(
	{
		summary: 'Upload the leaflet’s PDF as the request body (recognised by its bytes: anything else is 415; at most 15 MB). Replacing the PDF of an item past draft sends it back to draft',
		tags: ['content'],
		auth: 'user',
		params: ContentIdParams,
		consumes: ['application/pdf'],
		response: ContentView
	},
	async ({ db, actor, params, event }) => {
		if (!event.request.body) throw new AppError('VALIDATION', 'content.uploadMissing');
		const bytes = await readUpload(event.request.body, MAX_STORED_FILE_BYTES);
		return uploadLeafletPdf({ db, actor }, params.id, { bytes, name: fileName(event.request.headers.get('x-file-name')) });
	}
);
