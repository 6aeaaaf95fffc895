import { AppError, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { imageKinds, readStoredFile, storeFile } from '../../files/store';
import { deletePhotoRow, insertPhoto, nextPhotoSort, selectPhoto, updateStoryRow } from './stories.repository';
import { PhotoInput, type StoryView } from './stories.schemas';
import { changeAndShow, isUuid, loadEditableStory, loadReadableStory, reopened, type StoryCtx } from './stories.service';

/** Up to this many photos per story: a story is read on cheap phones. */
export const MAX_PHOTOS = 12;

/**
 * Adds a photo (JPEG, PNG or WebP, recognised by content) with its required alt text. Checked
 * before anything is written, stored in one transaction with the photo's row. A photo changes
 * what the portal would show, so a story past draft goes back to draft.
 */
export async function addStoryPhoto(ctx: StoryCtx, id: string, input: PhotoInput, image: { bytes: Uint8Array; name: string }): Promise<StoryView> {
	const data = PhotoInput.parse(input);
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableStory({ ...ctx, db: tx }, id);
		const sort = await nextPhotoSort(tx, id);
		if (sort >= MAX_PHOTOS) throw new AppError('CONFLICT', 'stories.tooManyPhotos', { max: MAX_PHOTOS });
		const file = await storeFile(tx, { bytes: image.bytes, originalName: image.name, unitId: row.story.unitId, createdBy: ctx.actor.userId, accept: imageKinds });
		const photo = await insertPhoto(tx, { storyId: id, fileId: file.id, alt: data.alt, caption: data.caption || null, sort });
		const from = row.story.status;
		if (from !== 'draft') await updateStoryRow(tx, id, { ...reopened });
		else await updateStoryRow(tx, id, {});
		await recordChange(tx, ctx.actor, {
			action: 'stories.photoAdd',
			entityType: 'story',
			entityId: id,
			unitId: row.story.unitId,
			after: { photoId: photo.id, fileId: file.id, alt: photo.alt, caption: photo.caption },
			context: from === 'draft' ? undefined : { reopenedFrom: from }
		});
		return id;
	});
}

/** Removes a photo from a story (the stored file stays, as the audit trail cites it). */
export async function removeStoryPhoto(ctx: StoryCtx, id: string, photoId: string): Promise<StoryView> {
	return changeAndShow(ctx, async (tx) => {
		const row = await loadEditableStory({ ...ctx, db: tx }, id);
		if (!isUuid(photoId) || !(await deletePhotoRow(tx, id, photoId))) throw notFound('stories.photoNotFound');
		const from = row.story.status;
		await updateStoryRow(tx, id, from === 'draft' ? {} : { ...reopened });
		await recordChange(tx, ctx.actor, {
			action: 'stories.photoRemove',
			entityType: 'story',
			entityId: id,
			unitId: row.story.unitId,
			before: { photoId },
			context: from === 'draft' ? undefined : { reopenedFrom: from }
		});
		return id;
	});
}

/** A photo of a story the actor may read (the workspace shows drafts' photos too). */
export async function readStoryPhoto(ctx: StoryCtx, id: string, photoId: string) {
	await loadReadableStory(ctx, id);
	const photo = isUuid(photoId) ? await selectPhoto(ctx.db, id, photoId) : undefined;
	const file = photo ? await readStoredFile(ctx.db, photo.photo.fileId) : null;
	if (!file) throw notFound('stories.photoNotFound');
	return file;
}
