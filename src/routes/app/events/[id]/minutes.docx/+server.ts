import type { RequestHandler } from './$types';
import { documentContentTypes } from '$lib/server/documents';
import { toErrorBody } from '$lib/server/api/errors';
import { t } from '$lib/i18n';
import { minutesFile } from '$lib/server/modules/events/events.service';

/** "Tải biên bản (DOCX)": the minutes in the official layout, made again only when something changed. */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.actor) return new Response(t(locals.locale, 'error.unauthenticated'), { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	try {
		const db = (await locals.runtime()).database.db;
		const file = await minutesFile({ db, actor: locals.actor }, params.id);
		return new Response(Buffer.from(file.bytes), {
			headers: {
				'content-type': documentContentTypes.docx,
				'content-disposition': `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (err) {
		const { status, body } = toErrorBody(err, locals.locale);
		return new Response(body.error.message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
};
