import { z } from 'zod';
import { outreachChannels } from './adapters/types';

export const outboxStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'dead', 'cancelled'] as const;
export const outboxKinds = ['publication', 'notice', 'subscription', 'confirmation', 'reminder', 'digest', 'answer', 'test'] as const;

const day = z.iso.date({ message: 'outreach.error.badDate' });

/** Filters of the delivery log (page and API), each checked; blanks are left out before parsing. */
export const OutboxListQuery = z
	.object({
		status: z.enum(outboxStatuses, { message: 'outreach.error.badStatus' }).optional(),
		channel: z.enum(outreachChannels as unknown as [string, ...string[]], { message: 'outreach.error.badChannel' }).optional(),
		kind: z.enum(outboxKinds, { message: 'outreach.error.badKind' }).optional(),
		/** A unit's code: its messages and those of the units under it. */
		unit: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_.-]+$/u, { message: 'outreach.error.badUnit' }).optional(),
		from: day.optional(),
		to: day.optional(),
		limit: z.coerce.number().int().min(1).max(200).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict()
	.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'outreach.error.badRange', path: ['to'] });
export type OutboxListQuery = z.infer<typeof OutboxListQuery>;

export const OutboxMessageItem = z.object({
	id: z.uuid(),
	unitCode: z.string(),
	unitName: z.string(),
	channel: z.string(),
	kind: z.string(),
	/** Masked unless the reader may see households' personal data. */
	recipient: z.string(),
	masked: z.boolean(),
	subject: z.string().nullable(),
	status: z.enum(outboxStatuses),
	attempts: z.number().int(),
	maxAttempts: z.number().int(),
	/** Why it failed, was given up or cancelled, in the reader's language. */
	reason: z.string().nullable(),
	causeType: z.string().nullable(),
	createdAt: z.string(),
	nextAttemptAt: z.string().nullable(),
	sentAt: z.string().nullable(),
	deliveredAt: z.string().nullable(),
	/** Whether the reader may send it again (failed or dead, outreach.manage on its unit). */
	retryable: z.boolean()
});
export type OutboxMessageItem = z.infer<typeof OutboxMessageItem>;

export const OutboxAttemptItem = z.object({
	attempt: z.number().int(),
	outcome: z.string(),
	httpStatus: z.number().int().nullable(),
	detail: z.string().nullable(),
	worker: z.string().nullable(),
	at: z.string()
});

export const OutboxMessageDetail = OutboxMessageItem.extend({
	body: z.string(),
	providerMessageId: z.string().nullable(),
	attemptsLog: z.array(OutboxAttemptItem)
});
export type OutboxMessageDetail = z.infer<typeof OutboxMessageDetail>;
