import type { AllocationListRow, SpendingListRow } from './budget.repository';

/** An allocation as the API and pages show it. */
export function presentAllocation(r: AllocationListRow) {
	const a = r.allocation;
	return {
		id: a.id,
		unit: { code: r.unitCode, name: r.unitName },
		year: a.year,
		source: a.sourceCode,
		amount: a.amount,
		decision: { number: a.decisionNumber, date: a.decisionDate, issuer: a.decisionIssuer },
		plan: a.planId,
		channel: a.channelCode,
		note: a.note,
		createdAt: a.createdAt.toISOString()
	};
}
export type AllocationView = ReturnType<typeof presentAllocation>;

type Receipt = { fileId: string; name: string; mime: string; size: number };

/** A spending line with its activity, holder and (on the line's own page) its receipts. */
export function presentSpending(r: SpendingListRow, receipts: Receipt[] | null, allowed: { review: boolean; correct: boolean }) {
	const l = r.line;
	return {
		id: l.id,
		unit: { code: r.unitCode, name: r.unitName },
		activity: { id: l.activityId, title: r.activityTitle, date: r.activityDate },
		source: l.sourceCode,
		year: l.year,
		amount: l.amount,
		spentOn: l.spentOn,
		payee: l.payee,
		description: l.description,
		status: l.status as 'recorded' | 'approved' | 'correction_requested',
		review: l.reviewedAt ? { at: l.reviewedAt.toISOString(), note: l.reviewNote } : null,
		override: l.override ? { reason: l.overrideReason } : null,
		receiptCount: r.receipts,
		receipts: receipts?.map((f) => ({ id: f.fileId, name: f.name, mime: f.mime, size: f.size })) ?? null,
		createdAt: l.createdAt.toISOString(),
		allowed
	};
}
export type SpendingView = ReturnType<typeof presentSpending>;
