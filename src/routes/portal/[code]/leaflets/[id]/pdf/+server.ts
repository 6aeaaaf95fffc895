import type { RequestHandler } from './$types';
import { fileHeaders } from '$lib/server/files/store';
import { getLeafletPdf } from '$lib/server/modules/portal/portal.service';
import { orPortalError, requireActive, requirePortalUnit } from '$lib/server/modules/portal/portal.http';

/** The PDF of a published leaflet of the unit (or a village under it). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const db = (await locals.runtime()).database.db;
	const portal = requireActive(await requirePortalUnit(db, params.code.slice(0, 60)));
	const file = await orPortalError(() => getLeafletPdf(db, portal, params.id));
	return new Response(new Uint8Array(file.bytes), { headers: { ...fileHeaders(file, 'inline'), 'cache-control': 'public, max-age=3600' } });
};
