import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { toErrorBody } from '$lib/server/api/errors';
import { readWebhookBody, receiveZaloWebhook } from '$lib/server/modules/outreach/outreach.webhooks';

/** Zalo OA events (user_send_text becomes feedback), signed X-ZEvent-Signature. */
const handler = async (event: Parameters<RequestHandler>[0]) => {
	try {
		const rawBody = await readWebhookBody(event.request);
		const db = (await event.locals.runtime()).database.db;
		const result = await receiveZaloWebhook(db, { rawBody, signature: event.request.headers.get('x-zevent-signature') });
		return json({ ok: true, outcome: result.outcome });
	} catch (err) {
		const { status, body } = toErrorBody(err, event.locals.apiLocale);
		return json(body, { status });
	}
};

export const POST = Object.assign(handler, {
	spec: {
		summary: 'Zalo OA webhook: events signed X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret key); user_send_text becomes a feedback item',
		tags: ['webhooks'],
		auth: 'public' as const,
		body: z.object({
			app_id: z.string(),
			event_name: z.string(),
			timestamp: z.string(),
			sender: z.object({ id: z.string() }).optional(),
			recipient: z.object({ id: z.string() }).optional(),
			message: z.object({ msg_id: z.string(), text: z.string() }).optional()
		}),
		response: z.object({ ok: z.literal(true), outcome: z.enum(['feedback', 'unsubscribe', 'delivery_receipt', 'ignored', 'replay']) })
	}
});
