import { z } from 'zod';
import { CalendarDate } from '../activities/activities.schemas';
import { moneySchema, parseMoney } from '../../money';

/** Largest amount of one allocation or spending line, in đồng (a thousand billion). */
export const MAX_DONG = 1_000_000_000_000;

/** recorded → approved | correction_requested; a corrected line is recorded again. */
export const spendingStatuses = ['recorded', 'approved', 'correction_requested'] as const;
export type SpendingStatus = (typeof spendingStatuses)[number];

/** An amount of đồng as a whole positive number, read by the shared reader (../../money). Null when refused. */
export function parseDong(value: unknown): number | null {
	return parseMoney(value, MAX_DONG);
}

/** A positive whole amount of đồng (see parseDong); every refusal says how to type it. */
export const Dong = moneySchema(MAX_DONG, { required: 'budget.amountFormat', format: 'budget.amountFormat', notPositive: 'budget.amountFormat', tooLarge: 'budget.amountFormat' });

const text = (max: number) => z.string().trim().min(1, 'budget.required').max(max);
const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));
const code = z
	.string({ message: 'budget.sourceRequired' })
	.trim()
	.min(1, 'budget.sourceRequired')
	.max(40)
	.regex(/^[a-z0-9_]+$/, 'budget.sourceRequired');
const unitCode = z
	.string()
	.trim()
	.min(1)
	.max(40)
	.regex(/^[A-Za-z0-9._-]+$/, 'budget.unitCode');
export const BudgetYear = z.coerce.number({ message: 'budget.yearFormat' }).int('budget.yearFormat').min(2000, 'budget.yearFormat').max(2100, 'budget.yearFormat');
const uuid = z.string().trim().uuid('budget.idFormat');

export const AllocationInput = z.object({
	unit: unitCode,
	year: BudgetYear,
	source: code,
	amount: Dong,
	decisionNumber: text(60),
	decisionDate: CalendarDate,
	decisionIssuer: text(200),
	plan: uuid.nullish().transform((v) => v ?? null),
	channel: z
		.string()
		.trim()
		.max(40)
		.nullish()
		.transform((v) => (v ? v : null)),
	note: optionalText(1000)
});
export type AllocationInput = z.infer<typeof AllocationInput>;

/** Asking to spend beyond the allocation: only the finance officer, always with a reason. */
const Override = z.object({ reason: text(1000) });

export const SpendingInput = z.object({
	activity: uuid,
	source: code,
	amount: Dong,
	spentOn: CalendarDate,
	payee: text(200),
	description: optionalText(1000),
	override: Override.nullish().transform((v) => v ?? null)
});
export type SpendingInput = z.infer<typeof SpendingInput>;

export const ReviewInput = z
	.object({
		decision: z.enum(['approve', 'correction'], { message: 'budget.decisionFormat' }),
		note: optionalText(1000)
	})
	.refine((r) => r.decision === 'approve' || !!r.note, { message: 'budget.correctionNote', path: ['note'] });
export type ReviewInput = z.infer<typeof ReviewInput>;

export const BudgetQuery = z.object({
	unit: unitCode.optional(),
	year: BudgetYear.optional(),
	source: code.optional(),
	status: z.enum(spendingStatuses).optional(),
	activity: uuid.optional(),
	limit: z.coerce.number().int().min(1).max(500).default(100),
	offset: z.coerce.number().int().min(0).max(1_000_000).default(0)
});
export type BudgetQuery = z.infer<typeof BudgetQuery>;

export const SettlementQuery = z.object({ unit: unitCode, year: BudgetYear });
