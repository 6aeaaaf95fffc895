import { z } from 'zod';
import { reportStatuses } from './reports.schemas';

/** Shapes of the API's answers (documented in OpenAPI; the presenter builds them). */
const Names = z.object({ vi: z.string(), en: z.string() });
const PeriodShape = z.object({ key: z.string(), type: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable(), label: Names });

export const ReportListItem = z.object({
	id: z.string().uuid(),
	form: z.object({ code: z.string(), name: Names, periodType: z.string() }),
	unit: z.object({ code: z.string(), name: z.string(), level: z.string() }),
	period: PeriodShape,
	status: z.enum(reportStatuses),
	dueOn: z.string(),
	submittedAt: z.string().nullable(),
	version: z.number().int(),
	updatedAt: z.string()
});

export const ReportFigureShape = z.object({
	code: z.string(),
	value: z.number().nullable(),
	/** computed, manual, not_available, not_permitted */
	status: z.string(),
	name: Names,
	measure: Names,
	enterable: z.boolean(),
	/** The records behind a computed figure: the API address and the workspace page. */
	records: z.object({ api: z.string(), page: z.string() }).nullable()
});

export const ReportDetail = ReportListItem.omit({ submittedAt: true }).extend({
	form: z.object({ code: z.string(), name: Names, periodType: z.string(), level: z.string(), dueDays: z.number().int() }),
	parent: z.object({ name: z.string() }).nullable(),
	frozen: z.boolean(),
	figures: z.array(ReportFigureShape),
	manualFigures: z.record(z.string(), z.number()),
	narrative: z.object({ results: z.string(), shortcomings: z.string(), causes: z.string(), proposals: z.string() }),
	missingNote: z.string().nullable(),
	returnComment: z.string().nullable(),
	submittedAt: z.string().nullable(),
	approvedAt: z.string().nullable(),
	acceptedAt: z.string().nullable(),
	returnedAt: z.string().nullable(),
	lock: z.object({ lockedAt: z.string(), from: z.string(), to: z.string() }).nullable(),
	missingChildren: z.array(z.object({ code: z.string(), name: z.string(), periods: z.array(z.string()) })),
	history: z.array(z.object({ action: z.string(), comment: z.string().nullable(), at: z.string(), actorName: z.string().nullable() })),
	allowed: z.object({ edit: z.boolean(), submit: z.boolean(), approve: z.boolean(), accept: z.boolean(), return: z.boolean(), unlock: z.boolean() })
});

export const FigureRecordsShape = z.object({
	code: z.string(),
	activities: z.array(z.object({ id: z.string(), title: z.string(), date: z.string(), unitName: z.string(), status: z.string() })),
	content: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string() })),
	broadcastIds: z.array(z.string()),
	distributionIds: z.array(z.string())
});

/** The body of a workflow step: the version the user saw, and the step's note. */
export const ReportStepBody = z.object({
	version: z.number().int().min(1),
	missingNote: z.string().max(2000).optional(),
	comment: z.string().max(2000).optional(),
	reason: z.string().max(2000).optional()
});
