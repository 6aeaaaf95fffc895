import { forbidden, invalid, notFound, AppError } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { documentKinds, readStoredFile, storeFile } from '../../files/store';
import { today } from '../../periods';
import { insertConsent, selectConsents, updateStoryRow, withdrawConsentRow } from './stories.repository';
import { canHandleConsents } from './stories.policy';
import { ConsentInput, type StoryView } from './stories.schemas';
import { changeAndShow, isUuid, loadReadableStory, nowOf, reopened, type StoryCtx } from './stories.service';

/**
 * Records the consent of one person shown in a story: name, date given, method, and the scanned
 * form when there is one (a PDF or an image, recognised by content). The file and the record are
 * written in one transaction: a refused file leaves no consent behind.
 */
export async function recordStoryConsent(ctx: StoryCtx, id: string, input: ConsentInput, form?: { bytes: Uint8Array; name: string } | null): Promise<StoryView> {
	const data = ConsentInput.parse(input);
	if (data.givenOn > today(nowOf(ctx))) throw invalid('stories.consentFuture', {}, [{ path: 'givenOn', message: data.givenOn }]);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadReadableStory({ ...ctx, db: tx }, id, { forUpdate: true });
		if (!canHandleConsents(ctx.actor, { unitPath: row.unitPath })) throw forbidden();
		const file = form ? await storeFile(tx, { bytes: form.bytes, originalName: form.name, unitId: row.story.unitId, createdBy: ctx.actor.userId, accept: documentKinds }) : null;
		const consent = await insertConsent(tx, { storyId: id, personName: data.personName, givenOn: data.givenOn, method: data.method, fileId: file?.id ?? null, recordedBy: ctx.actor.userId });
		await recordChange(tx, ctx.actor, {
			action: 'stories.consent',
			entityType: 'story',
			entityId: id,
			unitId: row.story.unitId,
			after: { consentId: consent.id, personName: consent.personName, givenOn: consent.givenOn, method: consent.method, fileId: consent.fileId }
		});
		return id;
	});
}

/**
 * Records that a person withdrew their consent. It takes effect at once, in the same transaction:
 * a published story leaves the portal (withdrawn); one in review or approved goes back to draft.
 */
export async function withdrawStoryConsent(ctx: StoryCtx, id: string, consentId: string): Promise<StoryView> {
	return changeAndShow(ctx, async (tx) => {
		const row = await loadReadableStory({ ...ctx, db: tx }, id, { forUpdate: true });
		if (!canHandleConsents(ctx.actor, { unitPath: row.unitPath })) throw forbidden();
		const consent = isUuid(consentId) ? (await selectConsents(tx, id)).find((c) => c.consent.id === consentId)?.consent : undefined;
		if (!consent) throw notFound('stories.consentNotFound');
		if (consent.withdrawnAt) throw new AppError('CONFLICT', 'stories.consentAlreadyWithdrawn');
		const at = nowOf(ctx);
		await withdrawConsentRow(tx, consentId, at);
		const from = row.story.status;
		const to = from === 'published' ? 'withdrawn' : from === 'in_review' || from === 'approved' ? 'draft' : from;
		if (to !== from) await updateStoryRow(tx, id, to === 'withdrawn' ? { status: 'withdrawn' } : { ...reopened });
		await recordChange(tx, ctx.actor, {
			action: 'stories.consentWithdraw',
			entityType: 'story',
			entityId: id,
			unitId: row.story.unitId,
			before: { status: from },
			after: { status: to, consentId, personName: consent.personName }
		});
		return id;
	});
}

/** The scanned consent form, for those who write or approve the unit's stories. */
export async function readConsentForm(ctx: StoryCtx, id: string, consentId: string) {
	const row = await loadReadableStory(ctx, id);
	if (!canHandleConsents(ctx.actor, { unitPath: row.unitPath })) throw notFound('stories.consentNotFound');
	const consent = isUuid(consentId) ? (await selectConsents(ctx.db, id)).find((c) => c.consent.id === consentId)?.consent : undefined;
	const file = consent?.fileId ? await readStoredFile(ctx.db, consent.fileId) : null;
	if (!file) throw notFound('stories.consentNotFound');
	return file;
}
