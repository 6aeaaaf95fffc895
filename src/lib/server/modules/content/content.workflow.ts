import type { Db } from '../../db/client';
import { AppError, forbidden } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { updateContentRow, type ContentWithUnit } from './content.repository';
import { canApproveContent, canEditContent } from './content.policy';
import { ContentReturnInput, type ContentView } from './content.schemas';
import { approvalLeftToOthers, changeAndShow, loadReadableContent, nowOf, type ContentCtx } from './content.service';
import { announceArticle } from '../outreach/subscriptions.announce';

/**
 * The editorial workflow: draft → in_review (the author submits) → approved (someone with
 * `content.approve`, recorded with the time) or back to draft with a comment → published (by
 * someone with `content.edit`, recorded). Each step locks the item's row, checks rights and
 * state, and is audited in the same transaction.
 */
type Step = (ctx: ContentCtx & { db: Db; row: ContentWithUnit; at: Date }) => Promise<{ action: string; status: string; context?: Record<string, unknown> }>;

async function step(ctx: ContentCtx, id: string, run: Step): Promise<ContentView> {
	return changeAndShow(ctx, async (tx) => {
		const c = { ...ctx, db: tx };
		const row = await loadReadableContent(c, id, { forUpdate: true });
		const { action, status, context } = await run({ ...c, row, at: nowOf(ctx) });
		await recordChange(tx, ctx.actor, {
			action,
			entityType: 'content',
			entityId: id,
			unitId: row.item.unitId,
			before: { status: row.item.status },
			after: { status },
			context
		});
		return id;
	});
}

/** Refuses a step from the wrong status, naming the status the item is in. */
function expectStatus(row: ContentWithUnit, allowed: string[], key: 'content.notDraft' | 'content.notInReview' | 'content.notApproved') {
	if (!allowed.includes(row.item.status)) throw new AppError('CONFLICT', key, { status: row.item.status });
}

const placed = (row: ContentWithUnit) => ({ unitPath: row.unitPath });

/** The author (anyone with `content.edit` on the unit) hands a draft to the approver. */
export function submitContent(ctx: ContentCtx, id: string): Promise<ContentView> {
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canEditContent(actor, placed(row))) throw forbidden();
		expectStatus(row, ['draft'], 'content.notDraft');
		await updateContentRow(db, id, { status: 'in_review', submittedAt: at });
		return { action: 'content.submit', status: 'in_review' };
	});
}

/** Approves an item in review; the approver and the time are recorded. See approvalLeftToOthers for one's own items. */
export function approveContent(ctx: ContentCtx, id: string): Promise<ContentView> {
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canApproveContent(actor, placed(row))) throw forbidden();
		expectStatus(row, ['in_review'], 'content.notInReview');
		if (await approvalLeftToOthers(db, actor, row)) throw forbidden('content.ownApproval');
		const selfApproved = !!actor.userId && row.item.authorId === actor.userId;
		await updateContentRow(db, id, { status: 'approved', approvedBy: actor.userId, approvedAt: at, reviewComment: null });
		return { action: 'content.approve', status: 'approved', context: selfApproved ? { selfApproved: true } : undefined };
	});
}

/** Sends an item in review (or approved, not yet published) back to draft, saying what to change. */
export async function returnContent(ctx: ContentCtx, id: string, input: ContentReturnInput): Promise<ContentView> {
	const { comment } = ContentReturnInput.parse(input);
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canApproveContent(actor, placed(row))) throw forbidden();
		expectStatus(row, ['in_review', 'approved'], 'content.notInReview');
		await updateContentRow(db, id, { status: 'draft', reviewComment: comment, submittedAt: null, approvedBy: null, approvedAt: null });
		return { action: 'content.return', status: 'draft', context: { comment } };
	});
}

/** Publishes an approved item (on the portal, on air, in print); who and when are recorded. */
export function publishContent(ctx: ContentCtx, id: string): Promise<ContentView> {
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canEditContent(actor, placed(row))) throw forbidden();
		expectStatus(row, ['approved'], 'content.notApproved');
		await updateContentRow(db, id, { status: 'published', publishedBy: actor.userId, publishedAt: at });
		// An article on the portal goes to its news subscribers, in this transaction.
		await announceArticle(db, id, actor.userId);
		return { action: 'content.publish', status: 'published' };
	});
}
