import { z } from 'zod';
import { CalendarDate } from '../activities/activities.schemas';

export const communicatorRoles = ['communicator', 'reporter'] as const;
export const traineeKinds = ['user', 'communicator', 'household', 'other'] as const;
export type TraineeKind = (typeof traineeKinds)[number];

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));
const requiredText = (max: number, key: string) => z.string({ message: key }).trim().min(1, key).max(max);
const Flag = z
	.union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
	.nullish()
	.transform((v) => v === true || v === 'on' || v === 'true');
/** Topics as a list (API) or one line separated by commas or semicolons (forms). */
const Topics = z
	.union([z.array(z.string()), z.string()])
	.nullish()
	.transform((v) => {
		const list = Array.isArray(v) ? v : (v ?? '').split(/[,;\n]/);
		return [...new Set(list.map((t) => t.trim()).filter(Boolean))];
	})
	.pipe(z.array(z.string().max(200, 'training.topicTooLong')).max(30, 'training.topicsTooMany'));

export const CommunicatorInput = z
	.object({
		unit: z.string().trim().min(1, 'training.unitRequired').max(40),
		fullName: requiredText(200, 'training.nameRequired'),
		organisation: optionalText(200),
		role: z.enum(communicatorRoles, { message: 'training.roleUnknown' }),
		topics: Topics,
		phone: optionalText(30).refine((p) => p === null || /^\+?[0-9 .-]{8,20}$/.test(p), 'training.phoneFormat'),
		phoneConsent: Flag,
		active: Flag.optional()
	})
	.strict()
	.refine((c) => c.phone === null || c.phoneConsent, { path: ['phone'], message: 'training.phoneNeedsConsent' });
export type CommunicatorInput = z.infer<typeof CommunicatorInput>;

export const CourseInput = z
	.object({
		unit: z.string().trim().min(1, 'training.unitRequired').max(40),
		title: requiredText(300, 'training.titleRequired'),
		organiser: requiredText(200, 'training.organiserRequired'),
		topics: Topics,
		fromDate: CalendarDate,
		toDate: CalendarDate,
		place: optionalText(300),
		/** The plan the course serves (its activity counts towards the plan's targets). */
		plan: z.uuid('training.planUnknown').nullish().transform((v) => v ?? null)
	})
	.strict()
	.refine((c) => c.toDate >= c.fromDate, { path: ['toDate'], message: 'training.dateOrder' });
export type CourseInput = z.infer<typeof CourseInput>;

export const TraineeInput = z
	.object({
		kind: z.enum(traineeKinds, { message: 'training.traineeKindUnknown' }),
		/** The user, communicator or household id (by kind); an `other` trainee has a name instead. */
		ref: z.uuid('training.traineeUnknown').nullish().transform((v) => v ?? null),
		name: optionalText(200)
	})
	.strict()
	.superRefine((t, ctx) => {
		if (t.kind === 'other' && !t.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'training.nameRequired' });
		if (t.kind !== 'other' && !t.ref) ctx.addIssue({ code: 'custom', path: ['ref'], message: 'training.traineeRequired' });
	});
export type TraineeInput = z.infer<typeof TraineeInput>;

/** A score of a test before or after the course, 0–100; blank for none. */
const Score = z
	.union([z.number(), z.string()])
	.nullish()
	.transform((v, ctx) => {
		if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return null;
		const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
		if (!Number.isInteger(n) || n < 0 || n > 100) {
			ctx.addIssue({ code: 'custom', message: 'training.scoreRange' });
			return z.NEVER;
		}
		return n;
	});

/** Attendance and scores of a course's trainees, as the ticking form sends them. */
export const AttendanceInput = z
	.object({
		trainees: z
			.array(z.object({ id: z.uuid('training.traineeUnknown'), attended: Flag, preScore: Score, postScore: Score }).strict())
			.max(2000)
	})
	.strict();
export type AttendanceInput = z.infer<typeof AttendanceInput>;

export const ListQuery = z
	.object({
		limit: z.coerce.number().int().min(1).max(200).default(50),
		offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
	})
	.strict();
export type ListQuery = z.infer<typeof ListQuery>;

export const CommunicatorView = z.object({
	id: z.uuid(),
	unitCode: z.string(),
	unitName: z.string(),
	fullName: z.string(),
	organisation: z.string().nullable(),
	role: z.enum(communicatorRoles),
	topics: z.array(z.string()),
	/** Shown only when the person agreed to be called. */
	phone: z.string().nullable(),
	active: z.boolean(),
	trainings: z.number().int()
});
export type CommunicatorView = z.infer<typeof CommunicatorView>;

export const CourseView = z.object({
	id: z.uuid(),
	activityId: z.uuid(),
	unitCode: z.string(),
	unitName: z.string(),
	title: z.string(),
	organiser: z.string(),
	topics: z.array(z.string()),
	fromDate: z.string(),
	toDate: z.string(),
	place: z.string().nullable(),
	trainees: z.number().int(),
	attended: z.number().int(),
	/** Average of post minus pre score over attended trainees with both, one decimal; null when none. */
	averageGain: z.number().nullable()
});
export type CourseView = z.infer<typeof CourseView>;
