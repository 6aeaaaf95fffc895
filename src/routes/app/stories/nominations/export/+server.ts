import type { RequestHandler } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { nominationsSheet } from '$lib/server/modules/stories/stories.nominations';
import { today } from '$lib/server/periods';

/** The nominations list as an Excel sheet, for the commendation proposal. */
export const GET: RequestHandler = async ({ locals }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const sheet = await orErrorPage(locals.locale, () => nominationsSheet({ db, actor }, locals.locale));
	const name = `de-nghi-khen-thuong-${today()}.${sheet.extension}`;
	return new Response(new Uint8Array(sheet.body), {
		headers: { 'content-type': sheet.contentType, 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' }
	});
};
