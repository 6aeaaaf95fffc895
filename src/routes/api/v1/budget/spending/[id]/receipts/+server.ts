import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { AppError } from '$lib/server/errors';
import { MAX_STORED_FILE_BYTES } from '$lib/server/files/store';
import { readUpload } from '$lib/server/files/upload';
import { addReceipts } from '$lib/server/modules/budget/budget.service';

export const POST = endpoint(
	{
		summary: 'Attach a receipt to a line not approved yet: the raw file as the body (PDF, JPEG/PNG/WebP, DOCX or XLSX, max 15 MB; recognised by content, 415 otherwise); ?name= gives its file name',
		tags: ['budget'],
		auth: 'user',
		params: z.object({ id: z.string() }),
		query: z.object({ name: z.string().max(200).optional() }),
		consumes: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
		status: 201
	},
	async ({ event, db, actor, params, query }) => {
		if (Number(event.request.headers.get('content-length') ?? 0) > MAX_STORED_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '15 MB' });
		if (!event.request.body) throw new AppError('VALIDATION', 'budget.receiptMissing');
		let bytes: Uint8Array;
		try {
			bytes = await readUpload(event.request.body, MAX_STORED_FILE_BYTES);
		} catch (err) {
			if ((err as { status?: unknown }).status === 413) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '15 MB' });
			throw err;
		}
		return addReceipts({ db, actor }, params.id, [{ bytes, name: query.name ?? 'chung-tu' }]);
	}
);
