import type { RequestHandler } from './$types';
import { orErrorPage, signedIn } from '$lib/server/http/actions';
import { fileHeaders } from '$lib/server/files/store';
import { getCertificatePdf } from '$lib/server/modules/training/training.certificates';

/** A trainee's certificate as issued (PDF), for readers of the course. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const db = (await locals.runtime()).database.db;
	const file = await orErrorPage(locals.locale, () => getCertificatePdf({ db, actor }, params.id, params.traineeId));
	return new Response(new Uint8Array(file.bytes), { headers: fileHeaders(file, 'attachment') });
};
