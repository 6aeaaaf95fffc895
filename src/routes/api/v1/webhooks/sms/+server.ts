import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { toErrorBody } from '$lib/server/api/errors';
import { readWebhookBody, receiveSmsWebhook } from '$lib/server/modules/outreach/outreach.webhooks';

/** The SMS gateway's delivery receipts and inbound messages (protocol in docs/ARCHITECTURE.md). */
const handler = async (event: Parameters<RequestHandler>[0]) => {
	try {
		const rawBody = await readWebhookBody(event.request);
		const db = (await event.locals.runtime()).database.db;
		const result = await receiveSmsWebhook(db, { rawBody, signature: event.request.headers.get('x-signature'), timestamp: event.request.headers.get('x-timestamp') });
		return json({ ok: true, outcome: result.outcome });
	} catch (err) {
		const { status, body } = toErrorBody(err, event.locals.apiLocale);
		return json(body, { status });
	}
};

export const POST = Object.assign(handler, {
	spec: {
		summary: 'SMS gateway webhook: delivery receipts and inbound messages, signed X-Signature: sha256=<HMAC-SHA256 of the body> with X-Timestamp',
		tags: ['webhooks'],
		auth: 'public' as const,
		body: z.union([
			z.object({ type: z.literal('delivery'), id: z.string(), reference: z.string(), status: z.enum(['delivered', 'failed']), error: z.string().optional() }),
			z.object({ type: z.literal('inbound'), id: z.string(), from: z.string(), to: z.string(), text: z.string(), receivedAt: z.string().optional() })
		]),
		response: z.object({ ok: z.literal(true), outcome: z.enum(['feedback', 'unsubscribe', 'delivery_receipt', 'ignored', 'replay']) })
	}
});
