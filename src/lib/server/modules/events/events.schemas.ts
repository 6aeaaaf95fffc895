import { z } from 'zod';
import { CalendarDate } from '../activities/activities.schemas';
import { normalisePhone } from '../households/households.normalise';

/** Kinds of public event; each is carried by an activity of the matching catalogue channel. */
export const eventKinds = ['dialogue', 'contest', 'cultural', 'conference', 'other'] as const;
export type EventKind = (typeof eventKinds)[number];

/** The activity channel of each kind (a cultural evening is the catalogue's "contest, cultural event"). */
export const channelOfKind: Record<EventKind, string> = {
	dialogue: 'dialogue',
	contest: 'contest',
	cultural: 'contest',
	conference: 'conference',
	other: 'other'
};

export const eventStatuses = ['planned', 'held', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const EVENT_LIMITS = {
	title: 300,
	description: 3000,
	agendaItem: 300,
	agendaItems: 30,
	place: 300,
	name: 100,
	note: 500,
	question: 3000,
	answer: 3000,
	minutesField: 5000,
	capacity: 100_000
} as const;

// Control characters (NUL above all, which PostgreSQL cannot store) are refused; new lines and tabs are text.
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Plain text, trimmed, within `max` characters; never markup (escaped wherever shown). */
const plain = (max: number) =>
	z
		.string()
		.trim()
		.max(max, 'events.tooLong')
		.refine((v) => !controls.test(v), 'events.controlChars');
const optionalText = (max: number) =>
	plain(max)
		.nullish()
		.transform((v) => (v ? v : null));

const unitCode = z
	.string()
	.trim()
	.min(1, 'events.unitRequired')
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'events.unitInvalid');
const groupCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[a-z0-9_]+$/, 'events.groupInvalid');
const Time = z
	.string()
	.trim()
	.regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'events.timeFormat')
	.nullish()
	.transform((v) => v ?? null);
const twice = <T>(xs: T[]) => xs.some((x, i) => xs.indexOf(x) !== i);

/** A dialogue or another public event as the form and the API write it. */
export const EventInput = z
	.object({
		/** Code of the unit organising it (commune, village or province); its activity belongs there. */
		unit: unitCode,
		kind: z.enum(eventKinds, 'events.kindInvalid').default('dialogue'),
		title: plain(EVENT_LIMITS.title).min(1, 'events.titleRequired'),
		description: optionalText(EVENT_LIMITS.description),
		/** Agenda items in order. */
		agenda: z.array(plain(EVENT_LIMITS.agendaItem).min(1)).max(EVENT_LIMITS.agendaItems, 'events.agendaTooLong').default([]),
		place: optionalText(EVENT_LIMITS.place),
		date: CalendarDate,
		startTime: Time,
		endTime: Time,
		/** Audience group codes invited (the activity's audiences). */
		invitedGroups: z.array(groupCode).max(20).default([]),
		/** Villages invited, by code, inside `unit` (the activity's covered units). */
		invitedVillages: z.array(unitCode).max(100).default([]),
		published: z.boolean().default(false),
		registrationOpen: z.boolean().default(false),
		capacity: z
			.number('events.capacityInvalid')
			.int('events.capacityInvalid')
			.min(1, 'events.capacityInvalid')
			.max(EVENT_LIMITS.capacity, 'events.capacityInvalid')
			.nullish()
			.transform((v) => v ?? null),
		/** The stored version this edit changes (updates only). */
		version: z.number().int().min(1).max(1_000_000).optional()
	})
	.strict()
	.superRefine((e, ctx) => {
		if (e.startTime && e.endTime && e.endTime < e.startTime) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'events.timeOrder' });
		if (twice(e.invitedGroups)) ctx.addIssue({ code: 'custom', path: ['invitedGroups'], message: 'events.twice' });
		if (twice(e.invitedVillages)) ctx.addIssue({ code: 'custom', path: ['invitedVillages'], message: 'events.twice' });
	});
export type EventInput = z.infer<typeof EventInput>;
export type EventInputFields = z.input<typeof EventInput>;

export const EventListQuery = z
	.object({
		unit: unitCode.optional(),
		/** upcoming: today and later, planned; past: before today, or held/cancelled. */
		when: z.enum(['upcoming', 'past', 'all']).default('all'),
		kind: z.enum(eventKinds).optional(),
		status: z.enum(eventStatuses).optional(),
		limit: z.coerce.number().int().min(1).max(200).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();
export type EventListQuery = z.infer<typeof EventListQuery>;

export const EventIdParam = z.object({ id: z.string().max(100) });

/** A Vietnamese mobile number, stored normalised ("0912345678"). */
const phone = z
	.union([z.string().max(40, 'events.phoneInvalid'), z.number()])
	.nullish()
	.transform((v, ctx) => {
		if (v === null || v === undefined || String(v).trim() === '') return null;
		const p = normalisePhone(v);
		if (!p) ctx.addIssue({ code: 'custom', message: 'events.phoneInvalid' });
		return p;
	});

/** What anyone may send to register: `POST /api/v1/public/events/{id}/registrations` and the portal's form. */
export const RegistrationInput = z
	.object({
		name: plain(EVENT_LIMITS.name).min(1, 'events.nameRequired'),
		phone,
		/** Code of the village they come from (one inside the event's unit). */
		village: z
			.string()
			.trim()
			.max(40)
			.regex(/^[A-Za-z0-9._-]*$/, 'events.unitInvalid')
			.nullish()
			.transform((v) => (v ? v : null)),
		/** Audience group code they belong to. */
		group: z
			.string()
			.trim()
			.max(40)
			.regex(/^[a-z0-9_]*$/, 'events.groupInvalid')
			.nullish()
			.transform((v) => (v ? v : null)),
		note: optionalText(EVENT_LIMITS.note)
	})
	.strict();
export type RegistrationInput = z.infer<typeof RegistrationInput>;

/** A question raised at the event: it becomes a feedback item (channel `dialogue`). */
export const QuestionInput = z
	.object({
		question: plain(EVENT_LIMITS.question).min(1, 'events.questionRequired'),
		/** Who asked, when they wish to be named. */
		askedBy: optionalText(EVENT_LIMITS.name),
		/** The village the question is about (defaults to the event's unit). */
		village: z
			.string()
			.trim()
			.max(40)
			.regex(/^[A-Za-z0-9._-]*$/, 'events.unitInvalid')
			.nullish()
			.transform((v) => (v ? v : null)),
		/** What was answered on the spot, in the minutes' words. */
		answer: optionalText(EVENT_LIMITS.answer)
	})
	.strict();
export type QuestionInput = z.infer<typeof QuestionInput>;

/** The minutes' fields (chair, secretary, attendance in words, summary, conclusions). */
export const MinutesInput = z
	.object({
		chair: optionalText(EVENT_LIMITS.name * 2),
		secretary: optionalText(EVENT_LIMITS.name * 2),
		attendance: optionalText(EVENT_LIMITS.minutesField),
		summary: optionalText(EVENT_LIMITS.minutesField),
		conclusions: optionalText(EVENT_LIMITS.minutesField)
	})
	.strict();
export type MinutesInput = z.infer<typeof MinutesInput>;

/** Participants by audience group recorded on the event's activity. */
export const AttendanceCountsInput = z
	.object({
		counts: z.record(groupCode, z.number().int('events.countInvalid').min(0, 'events.countInvalid').max(100_000, 'events.countInvalid')),
		version: z.number().int().min(1).optional()
	})
	.strict();
export type AttendanceCountsInput = z.infer<typeof AttendanceCountsInput>;

const Named = z.object({ code: z.string(), name: z.string() });

export const EventListItem = z.object({
	id: z.uuid(),
	unit: Named,
	kind: z.enum(eventKinds),
	title: z.string(),
	place: z.string().nullable(),
	date: z.string(),
	startTime: z.string().nullable(),
	endTime: z.string().nullable(),
	status: z.enum(eventStatuses),
	published: z.boolean(),
	registrationOpen: z.boolean(),
	capacity: z.number().int().nullable(),
	registrations: z.number().int(),
	questions: z.number().int()
});
export type EventListItem = z.infer<typeof EventListItem>;

export const EventView = EventListItem.extend({
	description: z.string().nullable(),
	agenda: z.array(z.string()),
	invitedGroups: z.array(z.string()),
	invitedVillages: z.array(Named),
	activity: z.object({ id: z.uuid(), status: z.string(), participants: z.number().int(), households: z.number().int(), counts: z.record(z.string(), z.number().int()), version: z.number().int() }).nullable(),
	/** Registrations; phone numbers only for those who manage the event. */
	registrationList: z.array(z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable(), village: z.string().nullable(), group: z.string().nullable(), source: z.string(), createdAt: z.string() })),
	questionList: z.array(z.object({ feedbackId: z.uuid(), trackingCode: z.string(), title: z.string(), body: z.string(), status: z.string(), answeredAtEvent: z.string().nullable() })),
	minutes: z.object({ chair: z.string().nullable(), secretary: z.string().nullable(), attendance: z.string().nullable(), summary: z.string().nullable(), conclusions: z.string().nullable() }).nullable(),
	documents: z.array(z.object({ id: z.uuid(), name: z.string(), size: z.number().int(), createdAt: z.string() })),
	version: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string(),
	allowed: z.object({ manage: z.boolean(), readActivity: z.boolean(), addQuestion: z.boolean() })
});
export type EventView = z.infer<typeof EventView>;

export const EventListPage = z.object({ items: z.array(EventListItem), hasMore: z.boolean(), limit: z.number().int(), offset: z.number().int() });

/** What the portal shows of an event: nothing about who registered, only how many places are left. */
export const PublicEvent = z.object({
	id: z.uuid(),
	unit: Named,
	kind: z.enum(eventKinds),
	title: z.string(),
	description: z.string().nullable(),
	agenda: z.array(z.string()),
	place: z.string().nullable(),
	date: z.string(),
	startTime: z.string().nullable(),
	endTime: z.string().nullable(),
	invitedGroups: z.array(Named),
	invitedVillages: z.array(Named),
	registrationOpen: z.boolean(),
	capacity: z.number().int().nullable(),
	placesLeft: z.number().int().nullable(),
	/** True when a registration would be taken now (open, upcoming, not full). */
	acceptsRegistrations: z.boolean()
});
export type PublicEvent = z.infer<typeof PublicEvent>;

export const RegistrationCreated = z.object({ reference: z.string(), event: z.string(), placesLeft: z.number().int().nullable() });
