import { z } from 'zod';

export const stationKinds = ['wired', 'fm', 'ip'] as const;
export type StationKind = (typeof stationKinds)[number];

export const broadcastStatuses = ['scheduled', 'played', 'missed', 'cancelled'] as const;
export type BroadcastStatus = (typeof broadcastStatuses)[number];

export const bulletinPriorities = ['emergency', 'priority', 'normal'] as const;
export type BulletinPriority = (typeof bulletinPriorities)[number];

const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'loudspeakers.unitCodeFormat');

export const Id = z.uuid('loudspeakers.idFormat');
export const CalendarDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'loudspeakers.dateFormat')
	.refine((d) => !Number.isNaN(Date.parse(d + 'T00:00:00Z')) && new Date(d + 'T00:00:00Z').toISOString().slice(0, 10) === d, 'loudspeakers.dateFormat');
export const StartTime = z.string().trim().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'loudspeakers.timeFormat');

export const StationCreateInput = z.object({
	/** The village (or the commune, for its central station) the station serves. */
	unitCode,
	name: z.string().trim().min(1, 'loudspeakers.nameRequired').max(120),
	kind: z.enum(stationKinds)
});
export type StationCreateInput = z.infer<typeof StationCreateInput>;

export const StationUpdateInput = z
	.object({
		name: z.string().trim().min(1, 'loudspeakers.nameRequired').max(120).optional(),
		kind: z.enum(stationKinds).optional(),
		active: z.boolean().optional()
	})
	.strict();
export type StationUpdateInput = z.infer<typeof StationUpdateInput>;

export const SlotInput = z.object({
	startTime: StartTime,
	minutes: z.number().int().min(1, 'loudspeakers.minutesRange').max(240, 'loudspeakers.minutesRange'),
	/** ISO weekdays, 1 = Monday … 7 = Sunday; every day when left out. */
	weekdays: z
		.array(z.number().int().min(1, 'loudspeakers.weekdaysRange').max(7, 'loudspeakers.weekdaysRange'))
		.min(1, 'loudspeakers.weekdaysRequired')
		.max(7)
		.default([1, 2, 3, 4, 5, 6, 7])
		.transform((days) => [...new Set(days)].sort()),
	label: z
		.string()
		.trim()
		.max(60)
		.nullish()
		.transform((v) => v || null)
});
export type SlotInput = z.infer<typeof SlotInput>;

/**
 * Placing a bulletin on the schedule: one station, every station of a unit (a village, or a
 * commune with its villages), once a day from `from` to `to`.
 */
export const PlacementInput = z
	.object({
		contentId: Id,
		stationId: Id.optional(),
		unitCode: unitCode.optional(),
		from: CalendarDate,
		to: CalendarDate
	})
	.refine((v) => (v.stationId ? 1 : 0) + (v.unitCode ? 1 : 0) === 1, { message: 'loudspeakers.targetRequired', path: ['stationId'] })
	.refine((v) => v.from <= v.to, { message: 'loudspeakers.rangeOrder', path: ['to'] });
export type PlacementInput = z.infer<typeof PlacementInput>;

export const DayQuery = z.object({ date: CalendarDate.optional() });
export const StationListQuery = z.object({
	unit: unitCode.optional(),
	limit: z.coerce.number().int().min(1).max(200).default(100),
	offset: z.coerce.number().int().min(0).default(0)
});
export type StationListQuery = z.infer<typeof StationListQuery>;

/** A controller's query: the day, and the token when it can only be given in the address. */
export const ControllerQuery = z.object({ date: CalendarDate.optional(), token: z.string().max(200).optional() });
export const ControllerTokenQuery = z.object({ token: z.string().max(200).optional() });

export const PlayInput = z.object({
	broadcastId: Id,
	/** When it played (ISO date-time with an offset); the date of the play in Việt Nam must be the broadcast's. */
	playedAt: z.iso.datetime({ offset: true, error: 'loudspeakers.playedAtFormat' })
});
export type PlayInput = z.infer<typeof PlayInput>;

export const StationParams = z.object({ id: Id });
export const SlotParams = z.object({ id: Id, slotId: Id });
export const StationBroadcastParams = z.object({ id: Id, broadcastId: Id });
export const BroadcastParams = z.object({ broadcastId: Id });
export const ContentParams = z.object({ id: Id });

// Shapes the API answers with (documented in OpenAPI).
export const Slot = z.object({
	id: z.string(),
	startTime: z.string(),
	minutes: z.number(),
	weekdays: z.array(z.number()),
	label: z.string().nullable()
});
export const Station = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.enum(stationKinds),
	active: z.boolean(),
	unitCode: z.string(),
	unitName: z.string(),
	hasToken: z.boolean(),
	slots: z.array(Slot),
	canManage: z.boolean(),
	canConfirm: z.boolean()
});
export const StationToken = z.object({ stationId: z.string(), token: z.string() });

export const Broadcast = z.object({
	id: z.string(),
	stationId: z.string(),
	date: z.string(),
	slotId: z.string().nullable(),
	startTime: z.string().nullable(),
	position: z.number(),
	/** `missed` is shown for a scheduled play of a past day nobody confirmed. */
	status: z.enum(broadcastStatuses),
	contentId: z.string(),
	title: z.string(),
	priority: z.enum(bulletinPriorities),
	seconds: z.number(),
	hasAudio: z.boolean(),
	audioStale: z.boolean(),
	playedAt: z.string().nullable(),
	confirmedVia: z.string().nullable(),
	activityId: z.string().nullable()
});
export const PlacementResult = z.object({
	placed: z.array(Broadcast),
	/** Days (per station) with no slot that could take the bulletin. */
	unplaced: z.array(z.object({ stationId: z.string(), date: z.string(), reason: z.string() })),
	/** Broadcasts moved to a later slot to make room for a more urgent bulletin. */
	moved: z.array(Broadcast)
});

export const ControllerSchedule = z.object({
	station: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
	date: z.string(),
	timeZone: z.string(),
	slots: z.array(
		z.object({
			id: z.string(),
			startTime: z.string(),
			minutes: z.number(),
			label: z.string().nullable(),
			broadcasts: z.array(
				z.object({
					id: z.string(),
					contentId: z.string(),
					title: z.string(),
					priority: z.enum(bulletinPriorities),
					status: z.enum(broadcastStatuses),
					seconds: z.number(),
					audioUrl: z.string().nullable()
				})
			)
		})
	)
});
export const PlayResult = z.object({
	broadcastId: z.string(),
	status: z.literal('played'),
	playedAt: z.string(),
	confirmedVia: z.string(),
	activityId: z.string()
});
export const SpeechResult = z.object({
	contentId: z.string(),
	fileId: z.string(),
	engine: z.string(),
	seconds: z.number(),
	mime: z.string(),
	audioUrl: z.string()
});
