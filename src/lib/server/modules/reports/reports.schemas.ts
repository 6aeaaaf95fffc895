import { z } from 'zod';
import { narrativeSections } from './reports.tables';

export const reportStatuses = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

const code = z.string().trim().min(1).max(60);
const version = z.coerce.number({ message: 'reports.versionRequired' }).int().min(1, { message: 'reports.versionRequired' });

/** Filters of the report list (API query, list page). */
export const ReportListQuery = z.object({
	form: code.optional(),
	period: z.string().trim().min(1).max(20).optional(),
	status: z.enum(reportStatuses, { message: 'reports.badStatus' }).optional(),
	unit: code.optional(),
	limit: z.coerce.number().int().min(1).max(200).default(50),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** "The report of unit U for period P on form F": opened, and created as a draft when missing. */
export const ReportOpenInput = z.object({ form: code, unit: code, period: z.string().trim().min(1, { message: 'reports.periodRequired' }).max(20) });
export type ReportOpenInput = z.infer<typeof ReportOpenInput>;

const narrativeText = z.string().max(20_000, { message: 'reports.narrativeTooLong' }).optional();

/** What the reporting unit writes: narrative sections and entered figures (whole numbers, ≥ 0). */
export const ReportSaveInput = z.object({
	version,
	narrative: z.object(Object.fromEntries(narrativeSections.map((s) => [s, narrativeText])) as Record<(typeof narrativeSections)[number], typeof narrativeText>).default({}),
	manualFigures: z
		.record(code, z.number({ message: 'reports.manualNumber' }).int({ message: 'reports.manualNumber' }).min(0, { message: 'reports.manualNumber' }).max(1e13, { message: 'reports.manualNumber' }))
		.default({})
});
export type ReportSaveInput = z.infer<typeof ReportSaveInput>;

export const ReportStepInput = z.object({ version });
export const ReportSubmitInput = ReportStepInput.extend({ missingNote: z.string().trim().max(2000, { message: 'reports.noteTooLong' }).optional() });
export const ReportReturnInput = ReportStepInput.extend({
	comment: z.string({ message: 'reports.commentRequired' }).trim().min(1, { message: 'reports.commentRequired' }).max(2000, { message: 'reports.noteTooLong' })
});
export const ReportUnlockInput = ReportStepInput.extend({
	reason: z.string({ message: 'reports.reasonRequired' }).trim().min(1, { message: 'reports.reasonRequired' }).max(2000, { message: 'reports.noteTooLong' })
});

/** A form as the province edits it: names, due days, indicators in order, active. */
export const ReportFormUpdateInput = z.object({
	nameVi: z.string().trim().min(1, { message: 'reports.forms.nameRequired' }).max(300),
	nameEn: z.string().trim().min(1, { message: 'reports.forms.nameRequired' }).max(300),
	dueDays: z.coerce.number({ message: 'reports.forms.dueDays' }).int({ message: 'reports.forms.dueDays' }).min(0, { message: 'reports.forms.dueDays' }).max(120, { message: 'reports.forms.dueDays' }),
	indicatorCodes: z.array(code).min(1, { message: 'reports.forms.indicatorsRequired' }).max(100),
	active: z.boolean()
});
export type ReportFormUpdateInput = z.infer<typeof ReportFormUpdateInput>;
