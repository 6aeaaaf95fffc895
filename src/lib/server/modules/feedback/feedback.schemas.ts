import { z } from 'zod';
import { normalisePhone } from '../households/households.normalise';

export const feedbackStatuses = ['received', 'assigned', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

/** How an item arrived: from the portal or another front end, entered by an officer, or by a platform's webhook (Zalo OA, SMS). */
export const feedbackChannels = ['portal', 'api', 'phone', 'in_person', 'dialogue', 'letter', 'zalo', 'sms'] as const;
export type FeedbackChannel = (typeof feedbackChannels)[number];
/** Channels an officer enters items for. */
export const officerChannels = ['phone', 'in_person', 'dialogue', 'letter'] as const;

export const LIMITS = { title: 200, body: 5000, name: 100, answer: 5000, note: 2000, reason: 2000 } as const;

// Control characters (NUL above all, which PostgreSQL cannot store) are refused; new lines and tabs are text.
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Plain text, trimmed, within `max` characters; never markup (it is escaped wherever shown). */
const plain = (max: number, tooLong: string) =>
	z
		.string()
		.trim()
		.max(max, tooLong)
		.refine((v) => !controls.test(v), 'feedback.controlChars');

const requiredText = (max: number, tooLong: string, empty: string) => plain(max, tooLong).min(1, empty);
const optionalText = (max: number, tooLong: string) =>
	plain(max, tooLong)
		.nullish()
		.transform((v) => (v ? v : null));

const unitCode = z
	.string()
	.trim()
	.min(1, 'feedback.unitRequired')
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'feedback.unitInvalid');

const categoryCode = z
	.string()
	.trim()
	.max(40)
	.regex(/^[a-z0-9_]*$/, 'feedback.categoryInvalid')
	.nullish()
	.transform((v) => (v ? v : null));

/** A Vietnamese mobile number, stored normalised ("0912345678"). */
const phone = z
	.union([z.string().max(40, 'feedback.phoneInvalid'), z.number()])
	.nullish()
	.transform((v, ctx) => {
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const p = normalisePhone(v);
		if (!p) ctx.addIssue({ code: 'custom', message: 'feedback.phoneInvalid' });
		return p;
	});

const flag = z.boolean().optional().default(false);

/** What anyone may send: `POST /api/v1/public/feedback` and the portal's form. */
export const FeedbackSubmitInput = z
	.object({
		unit: unitCode,
		category: categoryCode,
		title: requiredText(LIMITS.title, 'feedback.titleTooLong', 'feedback.titleRequired'),
		body: requiredText(LIMITS.body, 'feedback.bodyTooLong', 'feedback.bodyRequired'),
		name: optionalText(LIMITS.name, 'feedback.nameTooLong'),
		phone,
		/** Send without name and phone: they are dropped even if given. */
		anonymous: flag,
		/** Agree to be answered by SMS/Zalo at the phone given. */
		consent: flag,
		/** Agree that the question and its answer, without personal details, be published on the portal. */
		publish: flag
	})
	.strict()
	.refine((v) => !v.consent || v.anonymous || v.phone, { message: 'feedback.consentNeedsPhone', path: ['phone'] });
export type FeedbackSubmitInput = z.infer<typeof FeedbackSubmitInput>;

/** An item an officer enters for what arrived by phone, in person, at a dialogue or by letter. */
export const FeedbackCreateInput = z
	.object({
		unit: unitCode,
		category: categoryCode,
		channel: z.enum(officerChannels),
		title: requiredText(LIMITS.title, 'feedback.titleTooLong', 'feedback.titleRequired'),
		body: requiredText(LIMITS.body, 'feedback.bodyTooLong', 'feedback.bodyRequired'),
		name: optionalText(LIMITS.name, 'feedback.nameTooLong'),
		phone,
		anonymous: flag,
		consent: flag,
		publish: flag,
		/** Calendar date it arrived, when not today (a letter opened later). */
		receivedOn: z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'feedback.dateInvalid')
			.nullish()
	})
	.strict();
export type FeedbackCreateInput = z.infer<typeof FeedbackCreateInput>;

export const FeedbackListQuery = z.object({
	status: z.enum(feedbackStatuses).optional(),
	overdue: z
		.enum(['true', 'false'])
		.optional()
		.transform((v) => v === 'true'),
	category: z.string().trim().max(40).optional(),
	unit: z.string().trim().max(40).optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type FeedbackListQuery = z.infer<typeof FeedbackListQuery>;

export const FeedbackAssignInput = z.object({ assignee: z.string().trim().min(1).max(100) }).strict();
export const FeedbackNoteInput = z.object({ text: requiredText(LIMITS.note, 'feedback.noteTooLong', 'feedback.noteRequired') }).strict();
export const FeedbackAnswerInput = z.object({ answer: requiredText(LIMITS.answer, 'feedback.answerTooLong', 'feedback.answerRequired') }).strict();
export const FeedbackCloseInput = z.object({ note: optionalText(LIMITS.note, 'feedback.noteTooLong') }).strict();
export const FeedbackMergeInput = z.object({ into: z.string().trim().min(1).max(40) }).strict();
export const FeedbackPublishInput = z
	.object({
		published: z.boolean(),
		question: optionalText(LIMITS.body, 'feedback.bodyTooLong')
	})
	.strict();
export const FeedbackReopenInput = z.object({ reason: requiredText(LIMITS.reason, 'feedback.reasonTooLong', 'feedback.reasonRequired') }).strict();
export const CategoryUpdateInput = z
	.object({
		deadlineDays: z.number().int().min(1, 'feedback.deadlineRange').max(90, 'feedback.deadlineRange'),
		active: z.boolean().optional()
	})
	.strict();

export const TrackingCodeParam = z.object({ code: z.string().max(40) });

// Answers of the API.
export const FeedbackCreated = z.object({ trackingCode: z.string() });

export const PublicFeedbackStatus = z.object({
	trackingCode: z.string(),
	status: z.enum(feedbackStatuses),
	category: z.string(),
	unit: z.string(),
	receivedOn: z.string(),
	dueOn: z.string(),
	overdue: z.boolean(),
	workingDaysLeft: z.number().int(),
	answeredOn: z.string().nullable(),
	publicAnswer: z.string().nullable(),
	/** Merged into another item about the same thing: status and answer are that item's. */
	merged: z.boolean(),
	canReopen: z.boolean(),
	history: z.array(z.object({ event: z.string(), on: z.string() }))
});
export type PublicFeedbackStatus = z.infer<typeof PublicFeedbackStatus>;

export const FeedbackListItem = z.object({
	id: z.string(),
	trackingCode: z.string(),
	title: z.string(),
	status: z.enum(feedbackStatuses),
	category: z.string(),
	categoryName: z.string(),
	channel: z.enum(feedbackChannels),
	unitCode: z.string(),
	unitName: z.string(),
	handlingUnitCode: z.string(),
	handlingUnitName: z.string(),
	assignee: z.string().nullable(),
	receivedAt: z.string(),
	dueOn: z.string(),
	overdue: z.boolean(),
	workingDaysLeft: z.number().int(),
	escalationLevel: z.number().int(),
	merged: z.boolean()
});
export type FeedbackListItem = z.infer<typeof FeedbackListItem>;

export const FeedbackDetail = FeedbackListItem.extend({
	body: z.string(),
	/** Null for those who may not see the sender (feedback.read only) and for anonymous items. */
	senderName: z.string().nullable(),
	senderPhone: z.string().nullable(),
	anonymous: z.boolean(),
	contactConsent: z.boolean(),
	publishConsent: z.boolean(),
	publicAnswer: z.string().nullable(),
	publicQuestion: z.string().nullable(),
	published: z.boolean(),
	mergedInto: z.object({ id: z.string(), trackingCode: z.string() }).nullable(),
	events: z.array(z.object({ kind: z.string(), at: z.string(), actor: z.string().nullable(), text: z.string().nullable(), unitName: z.string().nullable() }))
});
export type FeedbackDetail = z.infer<typeof FeedbackDetail>;

export const PublishedQuestion = z.object({
	category: z.string(),
	question: z.string(),
	answer: z.string(),
	answeredOn: z.string()
});
