import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { AppError } from '$lib/server/errors';
import { fileHeaders, MAX_STORED_FILE_BYTES } from '$lib/server/files/store';
import { readUpload } from '$lib/server/files/upload';
import { addEvidence, deleteEvidence, getEvidenceFile } from '$lib/server/modules/activities/activities.service';
import { EvidenceQuery, EvidenceView } from '$lib/server/modules/activities/activities.schemas';

const params = z.object({ id: z.uuid(), evidenceId: z.uuid() });

export const PUT = endpoint(
	{
		summary:
			'Add evidence by an id made by the caller: the raw file as the body (photo: JPEG/PNG/WebP; attendance_sheet: PDF or image; document: also DOCX/XLSX; max 15 MB; recognised by content, 415 otherwise), or kind=link with ?url=. The same id and bytes again → 200 with what was stored; other bytes → 409',
		tags: ['activities'],
		auth: 'user',
		params,
		query: EvidenceQuery,
		consumes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/octet-stream'],
		response: EvidenceView,
		status: 201
	},
	async ({ event, db, actor, params, query }) => {
		let bytes: Uint8Array | null = null;
		if (query.kind !== 'link') {
			if (Number(event.request.headers.get('content-length') ?? 0) > MAX_STORED_FILE_BYTES)
				throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '15 MB' });
			if (!event.request.body) throw new AppError('VALIDATION', 'activities.fileMissing');
			try {
				bytes = await readUpload(event.request.body, MAX_STORED_FILE_BYTES);
			} catch (err) {
				// A body sent without a length is cut off at the server's limit (BODY_SIZE_LIMIT) while read.
				if ((err as { status?: unknown }).status === 413) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '15 MB' });
				throw err;
			}
		}
		const { evidence, created } = await addEvidence({ db, actor }, params.id, params.evidenceId, { ...query, bytes });
		return json(evidence, { status: created ? 201 : 200 });
	}
);

export const GET = endpoint(
	{
		summary: 'Download a stored evidence file (for those who read the activity); images open in the browser, other files download',
		tags: ['activities'],
		auth: 'user',
		params,
		produces: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/octet-stream']
	},
	async ({ db, actor, params }) => {
		const { file } = await getEvidenceFile({ db, actor }, params.id, params.evidenceId);
		const inline = file.mime.startsWith('image/') || file.mime === 'application/pdf';
		return new Response(Buffer.from(file.bytes), { headers: fileHeaders(file, inline ? 'inline' : 'attachment') });
	}
);

export const DELETE = endpoint(
	{
		summary: 'Remove a piece of evidence (those who may edit the activity)',
		tags: ['activities'],
		auth: 'user',
		params,
		status: 204
	},
	async ({ db, actor, params }) => {
		await deleteEvidence({ db, actor }, params.id, params.evidenceId);
		return new Response(null, { status: 204 });
	}
);
