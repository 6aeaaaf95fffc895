import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { takeSubmission } from '$lib/server/modules/feedback/feedback.limits';
import { clientAddress } from '$lib/server/modules/feedback/feedback.http';
import { normaliseAddress, subscribe, SubscribeInput } from '$lib/server/modules/outreach/subscriptions.service';

export const POST = endpoint(
	{
		summary:
			'Subscribe a phone (SMS or ZNS) or an e-mail address to a commune’s or province’s news, loudspeaker schedule or dialogues (anyone; for a Zalo mini app or another front end). Nothing is sent but one confirmation message with a link; only a confirmed subscription receives anything, and every message ends with how to stop. The answer is the same for a known and an unknown address. Rate-limited per IP and per address (429).',
		tags: ['subscriptions (public)'],
		auth: 'public',
		body: SubscribeInput,
		response: z.object({ pending: z.number().int(), active: z.number().int() }),
		status: 202
	},
	async ({ db, body, event }) => {
		takeSubmission(clientAddress(event), normaliseAddress(body.channel, body.address));
		return subscribe(db, body);
	}
);
