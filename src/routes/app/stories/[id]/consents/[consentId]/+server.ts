import type { RequestHandler } from './$types';
import { fileHeaders } from '$lib/server/files/store';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { readConsentForm } from '$lib/server/modules/stories/stories.consents';

/** The scanned consent form, for those who write or approve the unit's stories; never cached by others. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const file = await orErrorPage(locals.locale, () => readConsentForm({ db, actor }, params.id, params.consentId));
	return new Response(Buffer.from(file.bytes), { headers: { ...fileHeaders(file, 'attachment'), 'cache-control': 'private, no-store' } });
};
