import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { fileHeaders } from '$lib/server/files/store';
import { getReceiptFile } from '$lib/server/modules/budget/budget.service';

export const GET = endpoint(
	{
		summary: 'Download a receipt of a spending line (for those who read the line’s money)',
		tags: ['budget'],
		auth: 'user',
		params: z.object({ id: z.string(), fileId: z.string() }),
		produces: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'application/octet-stream']
	},
	async ({ db, actor, params }) => {
		const file = await getReceiptFile({ db, actor }, params.id, params.fileId);
		return new Response(Buffer.from(file.bytes), { headers: fileHeaders(file, 'attachment') });
	}
);
