import type { Db } from '../../db/client';
import { AppError, forbidden } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { selectCategories, selectConsents, updateStoryRow, type StoryWithUnit } from './stories.repository';
import { canApproveStory, canEditStory } from './stories.policy';
import { consentComplete } from './stories.presenter';
import { NominateInput, ReturnInput, type StoryView } from './stories.schemas';
import { changeAndShow, expectStatus, loadReadableStory, nowOf, reopened, type StoryCtx } from './stories.service';

/**
 * The workflow: draft → in_review (the writer submits) → approved (someone with `stories.approve`
 * other than the writer, recorded) → published (`stories.approve`, recorded) → withdrawn; a return
 * sends a story in review or approved back to draft. Each step locks the story's row, checks
 * rights, status and consents, and is audited in the same transaction.
 */
type Step = (ctx: StoryCtx & { db: Db; row: StoryWithUnit; at: Date }) => Promise<{ action: string; status: string; context?: Record<string, unknown> }>;

async function step(ctx: StoryCtx, id: string, run: Step): Promise<StoryView> {
	return changeAndShow(ctx, async (tx) => {
		const c = { ...ctx, db: tx };
		const row = await loadReadableStory(c, id, { forUpdate: true });
		const { action, status, context } = await run({ ...c, row, at: nowOf(ctx) });
		await recordChange(tx, ctx.actor, {
			action,
			entityType: 'story',
			entityId: id,
			unitId: row.story.unitId,
			before: { status: row.story.status },
			after: { status },
			context
		});
		return id;
	});
}

const placed = (row: StoryWithUnit) => ({ unitPath: row.unitPath });

/**
 * A story may go forward only while every person shown has a recorded consent and none is
 * withdrawn; a household story needs the register's category in both of its years.
 */
export async function assertReadyToShow(db: Db, row: StoryWithUnit) {
	const consents = (await selectConsents(db, row.story.id)).map((c) => c.consent);
	if (consents.some((c) => c.withdrawnAt !== null)) throw new AppError('CONFLICT', 'stories.consentWithdrawn');
	if (!consentComplete(consents)) throw new AppError('CONFLICT', 'stories.consentMissing');
	const { story } = row;
	if (story.subjectKind === 'household') {
		if (!story.householdId || story.beforeYear === null || story.afterYear === null) throw new AppError('CONFLICT', 'stories.householdIncomplete');
		const categories = await selectCategories(db, story.householdId, [story.beforeYear, story.afterYear]);
		for (const year of [story.beforeYear, story.afterYear]) if (!categories.has(year)) throw new AppError('CONFLICT', 'stories.classificationMissing', { year });
	}
}

/** The writer (anyone with `stories.edit` on the unit) hands a draft to the approver. */
export function submitStory(ctx: StoryCtx, id: string): Promise<StoryView> {
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canEditStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['draft']);
		await assertReadyToShow(db, row);
		await updateStoryRow(db, id, { status: 'in_review' });
		return { action: 'stories.submit', status: 'in_review' };
	});
}

/** Approves a story in review; the writer may not approve their own. Approver and time are recorded. */
export function approveStory(ctx: StoryCtx, id: string): Promise<StoryView> {
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['in_review']);
		if (actor.userId && row.story.createdBy === actor.userId) throw forbidden('stories.ownApproval');
		await assertReadyToShow(db, row);
		await updateStoryRow(db, id, { status: 'approved', approvedBy: actor.userId, approvedAt: at });
		return { action: 'stories.approve', status: 'approved' };
	});
}

/** Sends a story in review or approved back to draft, saying what to change (kept in the audit trail). */
export async function returnStory(ctx: StoryCtx, id: string, input: ReturnInput): Promise<StoryView> {
	const { comment } = ReturnInput.parse(input);
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['in_review', 'approved']);
		await updateStoryRow(db, id, { ...reopened });
		return { action: 'stories.return', status: 'draft', context: { comment } };
	});
}

/** Publishes an approved story on the portal; the consents are checked again at this moment. */
export function publishStory(ctx: StoryCtx, id: string): Promise<StoryView> {
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['approved']);
		await assertReadyToShow(db, row);
		await updateStoryRow(db, id, { status: 'published', publishedAt: at });
		return { action: 'stories.publish', status: 'published' };
	});
}

/** Takes a published story off the portal; the portal then answers 410 Gone for it. */
export function withdrawStory(ctx: StoryCtx, id: string, reason?: string): Promise<StoryView> {
	const why = ReturnInput.shape.comment.optional().parse(reason?.trim() || undefined);
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['published']);
		await updateStoryRow(db, id, { status: 'withdrawn' });
		return { action: 'stories.withdraw', status: 'withdrawn', context: why ? { reason: why } : undefined };
	});
}

/**
 * Proposes an approved or published story for the emulation movement's commendation ("Vì người
 * nghèo – Không để ai bị bỏ lại phía sau"), with the reason; nominating again replaces the reason.
 */
export async function nominateStory(ctx: StoryCtx, id: string, input: NominateInput): Promise<StoryView> {
	const { reason } = NominateInput.parse(input);
	return step(ctx, id, async ({ db, actor, row, at }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		expectStatus(row, ['approved', 'published']);
		await updateStoryRow(db, id, { nominated: true, nominationNote: reason, nominatedAt: at });
		return { action: 'stories.nominate', status: row.story.status, context: { reason } };
	});
}

/** Takes a story off the nominations list. */
export function unnominateStory(ctx: StoryCtx, id: string): Promise<StoryView> {
	return step(ctx, id, async ({ db, actor, row }) => {
		if (!canApproveStory(actor, placed(row))) throw forbidden();
		if (!row.story.nominated) throw new AppError('CONFLICT', 'stories.notNominated');
		await updateStoryRow(db, id, { nominated: false, nominationNote: null, nominatedAt: null });
		return { action: 'stories.unnominate', status: row.story.status };
	});
}
