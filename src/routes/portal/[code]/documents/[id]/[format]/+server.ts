import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tBoth } from '$lib/i18n';
import { getDocumentFile } from '$lib/server/modules/portal/portal.service';
import { orPortalError, requireActive, requirePortalUnit } from '$lib/server/modules/portal/portal.http';

/** An issued plan of the unit as Word or PDF; nothing that is not issued is ever served here. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const db = (await locals.runtime()).database.db;
	const portal = requireActive(await requirePortalUnit(db, params.code.slice(0, 60)));
	if (params.format !== 'docx' && params.format !== 'pdf') error(404, tBoth('portal.documentNotFound'));
	const file = await orPortalError(() => getDocumentFile(db, portal, params.id, params.format));
	return new Response(new Uint8Array(file.bytes), {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.bytes.byteLength),
			'content-disposition': `${params.format === 'pdf' ? 'inline' : 'attachment'}; filename="${file.name}"`,
			'cache-control': 'public, max-age=3600'
		}
	});
};
