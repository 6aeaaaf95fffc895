import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { tBoth } from '$lib/i18n';
import { AppError } from '$lib/server/errors';
import { fileHeaders } from '$lib/server/files/store';
import { readPublicPhoto } from '$lib/server/modules/stories/stories.public';

/**
 * A photo of a story published now under this portal's unit. Shared caches keep it ten minutes:
 * short, because a withdrawn consent must take the photo off the web soon, not in a day.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const db = (await locals.runtime()).database.db;
	let file;
	try {
		file = await readPublicPhoto(db, params.code.slice(0, 60), params.id, params.photoId);
	} catch (err) {
		if (err instanceof AppError) error(err.status, tBoth(err.messageKey, err.params));
		throw err;
	}
	const etag = `"${file.sha256}"`;
	const headers = { ...fileHeaders(file, 'inline'), 'cache-control': 'public, max-age=600', etag };
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: { etag, 'cache-control': headers['cache-control'] } });
	return new Response(Buffer.from(file.bytes), { headers });
};
