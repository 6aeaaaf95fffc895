import type { RequestHandler } from './$types';
import { fileHeaders } from '$lib/server/files/store';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { readStoryPhoto } from '$lib/server/modules/stories/stories.photos';

/** A photo of a story the actor may read (drafts included), for the workspace. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const file = await orErrorPage(locals.locale, () => readStoryPhoto({ db, actor }, params.id, params.photoId));
	return new Response(Buffer.from(file.bytes), { headers: fileHeaders(file, 'inline') });
};
