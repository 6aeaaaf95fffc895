import type { Db } from '../../db/client';
import { AppError, forbidden, invalid } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { requirePeriod } from '../../periods';
import { endLocks, insertLock, insertReportEvent, selectLiveLock, updateReportRow, type ReportWithUnit } from './reports.repository';
import { canAcceptReport, canApproveReport, canEditReport, type ReportUnit } from './reports.policy';
import { childStatusOf, figuresOf, isEnterable } from './reports.figures';
import { loadReadableReport, nowOf, reportView, type ReportCtx } from './reports.service';
import { ReportReturnInput, ReportSaveInput, ReportStepInput, ReportSubmitInput, ReportUnlockInput } from './reports.schemas';
import type { ReportView } from './reports.presenter';

/**
 * The report workflow: draft → submitted (reports.edit on the unit) → approved (reports.approve on
 * the unit: its leader), which freezes the figures and locks the unit subtree for the period →
 * accepted by the level above; or returned by the level above with a comment (from submitted or
 * approved, ending the lock). The level above may unlock an approved or accepted report with a
 * reason: it goes back to returned and must be approved again.
 *
 * Every step takes the report's row lock (FOR UPDATE) and checks the version the user saw, so of two
 * concurrent steps one wins and the other is a CONFLICT; each writes a report event and an audit
 * entry in the same transaction.
 */

type Action = 'save' | 'submitted' | 'approved' | 'accepted' | 'returned' | 'unlocked';

const auditAction: Record<Action, string> = {
	save: 'report.update',
	submitted: 'report.submit',
	approved: 'report.approve',
	accepted: 'report.accept',
	returned: 'report.return',
	unlocked: 'report.unlock'
};

const unitOf = (row: ReportWithUnit): ReportUnit => ({ id: row.unit.id, path: row.unit.path, parentPath: row.unit.parentPath });

function expectVersion(row: ReportWithUnit, version: number) {
	if (row.report.version !== version)
		throw new AppError('CONFLICT', 'reports.conflict', { version: row.report.version }, [{ path: 'version', message: String(row.report.version) }]);
}

function expectStatus(row: ReportWithUnit, allowed: string[]) {
	if (!allowed.includes(row.report.status)) throw new AppError('CONFLICT', 'reports.wrongStatus', { status: row.report.status });
}

async function step(
	ctx: ReportCtx,
	id: string,
	version: number,
	run: (tx: Db, row: ReportWithUnit, now: Date) => Promise<{ action: Action; comment?: string | null; patch: Record<string, unknown>; audit?: Record<string, unknown> }>
): Promise<ReportView> {
	return ctx.db.transaction(async (tx) => {
		const row = await loadReadableReport(tx, ctx.actor, id, { forUpdate: true });
		const now = nowOf(ctx);
		const out = await run(tx, row, now);
		expectVersion(row, version);
		const after = { ...out.patch, version: row.report.version + 1, updatedAt: now };
		await updateReportRow(tx, id, after);
		if (out.action !== 'save') await insertReportEvent(tx, { reportId: id, action: out.action, actorId: ctx.actor.userId, comment: out.comment ?? null, at: now });
		await recordChange(tx, ctx.actor, {
			action: auditAction[out.action],
			entityType: 'report',
			entityId: id,
			unitId: row.unit.id,
			before: { status: row.report.status, version: row.report.version },
			after: { status: (out.patch.status as string | undefined) ?? row.report.status, version: row.report.version + 1, ...(out.audit ?? {}) }
		});
		return reportView(tx, ctx.actor, await loadReadableReport(tx, ctx.actor, id));
	});
}

/** Saves narrative sections and entered figures of a draft or returned report. */
export async function saveReport(ctx: ReportCtx, id: string, input: ReportSaveInput): Promise<ReportView> {
	const parsed = ReportSaveInput.parse(input);
	return step(ctx, id, parsed.version, async (_tx, row) => {
		if (!canEditReport(ctx.actor, unitOf(row))) throw forbidden('reports.editForbidden');
		expectStatus(row, ['draft', 'returned']);
		expectVersion(row, parsed.version);
		const wrong = Object.keys(parsed.manualFigures).filter((c) => !row.form.indicatorCodes.includes(c) || !isEnterable(c));
		if (wrong.length) throw invalid('reports.manualNotAllowed', { codes: wrong.join(', ').slice(0, 200) }, wrong.map((c) => ({ path: `manualFigures.${c}`, message: c })));
		const narrative = Object.fromEntries(Object.entries(parsed.narrative).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v!.trim()]));
		return { action: 'save', patch: { narrative, manualFigures: parsed.manualFigures }, audit: { narrative: Object.keys(narrative), manualFigures: parsed.manualFigures } };
	});
}

/**
 * Submits a draft or returned report. When reports of the units below for the period are not all
 * in, a note naming the missing ones is required (VALIDATION listing them otherwise).
 */
export async function submitReport(ctx: ReportCtx, id: string, input: { version: number; missingNote?: string }): Promise<ReportView> {
	const parsed = ReportSubmitInput.parse(input);
	return step(ctx, id, parsed.version, async (tx, row, now) => {
		if (!canEditReport(ctx.actor, unitOf(row))) throw forbidden('reports.editForbidden');
		expectStatus(row, ['draft', 'returned']);
		expectVersion(row, parsed.version);
		const missing = ((await childStatusOf(tx, row)) ?? []).filter((c) => !c.complete);
		const note = parsed.missingNote?.trim() || null;
		if (missing.length && !note)
			throw invalid(
				'reports.childrenMissing',
				{ units: missing.map((c) => c.name).join(', ').slice(0, 300) },
				missing.map((c) => ({ path: 'missingNote', message: `${c.code} ${c.name}: ${c.reports.filter((r) => !r.in).map((r) => r.periodKey).join(', ')}` }))
			);
		return {
			action: 'submitted',
			comment: missing.length ? note : null,
			patch: { status: 'submitted', submittedAt: now, submittedBy: ctx.actor.userId, missingNote: missing.length ? note : null },
			audit: { missing: missing.map((c) => c.code), missingNote: missing.length ? note : null }
		};
	});
}

/**
 * Approves a submitted report (its unit's leader): its figures are frozen as they are now and the
 * unit subtree is locked for the period's dates, in the same transaction.
 */
export async function approveReport(ctx: ReportCtx, id: string, input: { version: number }): Promise<ReportView> {
	const parsed = ReportStepInput.parse(input);
	return step(ctx, id, parsed.version, async (tx, row, now) => {
		if (!canApproveReport(ctx.actor, unitOf(row))) throw forbidden('reports.approveForbidden');
		expectStatus(row, ['submitted']);
		expectVersion(row, parsed.version);
		const period = requirePeriod(row.report.periodKey);
		const figures = await figuresOf(tx, { ...row, report: { ...row.report, figures: null } });
		await insertLock(tx, { unitId: row.unit.id, periodKey: period.key, startsOn: period.from, endsOn: period.to, reportId: id, lockedBy: ctx.actor.userId, lockedAt: now });
		return {
			action: 'approved',
			patch: { status: 'approved', figures, approvedAt: now, approvedBy: ctx.actor.userId },
			audit: { figures, lock: { from: period.from, to: period.to } }
		};
	});
}

/** The level above accepts an approved report. */
export async function acceptReport(ctx: ReportCtx, id: string, input: { version: number }): Promise<ReportView> {
	const parsed = ReportStepInput.parse(input);
	return step(ctx, id, parsed.version, async (_tx, row, now) => {
		if (!canAcceptReport(ctx.actor, unitOf(row))) throw forbidden('reports.acceptForbidden');
		expectStatus(row, ['approved']);
		expectVersion(row, parsed.version);
		return { action: 'accepted', patch: { status: 'accepted', acceptedAt: now, acceptedBy: ctx.actor.userId } };
	});
}

/**
 * The level above returns a submitted or approved report with a comment. Returning an approved
 * report ends its lock and thaws its figures (computed live again).
 */
export async function returnReport(ctx: ReportCtx, id: string, input: { version: number; comment: string }): Promise<ReportView> {
	const parsed = ReportReturnInput.parse(input);
	return step(ctx, id, parsed.version, async (tx, row, now) => {
		if (!canAcceptReport(ctx.actor, unitOf(row))) throw forbidden('reports.acceptForbidden');
		expectStatus(row, ['submitted', 'approved']);
		expectVersion(row, parsed.version);
		const ended = await endLocks(tx, id, ctx.actor.userId, parsed.comment, now);
		return {
			action: 'returned',
			comment: parsed.comment,
			patch: { status: 'returned', figures: null, returnedAt: now, returnedBy: ctx.actor.userId, returnComment: parsed.comment },
			audit: { comment: parsed.comment, locksEnded: ended }
		};
	});
}

/**
 * The level above unlocks an approved or accepted report's period with a reason (audit trail): the
 * lock ends, the report goes back to returned with the reason as its comment, to be approved again.
 */
export async function unlockReport(ctx: ReportCtx, id: string, input: { version: number; reason: string }): Promise<ReportView> {
	const parsed = ReportUnlockInput.parse(input);
	return step(ctx, id, parsed.version, async (tx, row, now) => {
		if (!canAcceptReport(ctx.actor, unitOf(row))) throw forbidden('reports.unlockForbidden');
		expectStatus(row, ['approved', 'accepted']);
		expectVersion(row, parsed.version);
		const lock = await selectLiveLock(tx, id);
		if (!lock) throw new AppError('CONFLICT', 'reports.notLocked');
		await endLocks(tx, id, ctx.actor.userId, parsed.reason, now);
		return {
			action: 'unlocked',
			comment: parsed.reason,
			patch: { status: 'returned', figures: null, returnedAt: now, returnedBy: ctx.actor.userId, returnComment: parsed.reason },
			audit: { reason: parsed.reason, lock: { from: lock.startsOn, to: lock.endsOn } }
		};
	});
}

