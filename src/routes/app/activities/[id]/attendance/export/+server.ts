import type { RequestHandler } from './$types';
import { json } from '@sveltejs/kit';
import { toErrorBody } from '$lib/server/api/errors';
import { AppError } from '$lib/server/errors';
import { attendanceFile, attendanceFormats, type AttendanceFormat } from '$lib/server/modules/activities/activities.attendance';

/** The attendance list as DOCX or XLSX, for those who print from Word or Excel. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	try {
		if (!locals.actor) throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
		const format = url.searchParams.get('format') ?? 'docx';
		if (!(attendanceFormats as readonly string[]).includes(format)) throw new AppError('VALIDATION', 'reach.attendance.badFormat', { format: format.slice(0, 20) });
		const db = (await locals.runtime()).database.db;
		const file = await attendanceFile({ db, actor: locals.actor }, params.id, format as AttendanceFormat, locals.locale);
		return new Response(new Uint8Array(file.body), {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="${file.filename}"`,
				'cache-control': 'no-store'
			}
		});
	} catch (err) {
		const { status, body } = toErrorBody(err, locals.locale);
		return json(body, { status });
	}
};
