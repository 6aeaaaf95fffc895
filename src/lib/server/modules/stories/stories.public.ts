import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import { readStoredFile } from '../../files/store';
import { selectCategories, selectPhoto, selectPhotos, selectPhotosOf, selectPublishedStories, countPublished } from './stories.repository';
import { presentPublicStory } from './stories.presenter';
import { PublicStoryQuery, type PublicStory } from './stories.schemas';
import { isUuid, loadStory, loadUnit } from './stories.service';

/**
 * What the public may read: published stories of a unit and the units under it (a province shows
 * its communes' stories), newest first. No actor: nothing of the register beyond the categories.
 */
export async function findPublishedStories(db: Db, input: PublicStoryQuery) {
	const query = PublicStoryQuery.parse(input);
	const unit = await loadUnit(db, query.unit).catch(() => {
		throw notFound('stories.unitUnknown', { code: query.unit });
	});
	const { items, hasMore } = await selectPublishedStories(db, { unitPath: unit.path, limit: query.limit, offset: query.offset });
	const photos = await selectPhotosOf(
		db,
		items.map((r) => r.story.id)
	);
	const out: PublicStory[] = [];
	for (const row of items) {
		const { story } = row;
		const categories = story.householdId && story.beforeYear !== null && story.afterYear !== null ? await selectCategories(db, story.householdId, [story.beforeYear, story.afterYear]) : new Map<number, string>();
		out.push(
			presentPublicStory(
				row,
				photos.filter((p) => p.storyId === story.id),
				categories
			)
		);
	}
	return { unit: { code: unit.code, name: unit.name, level: unit.level }, items: out, hasMore, limit: query.limit, offset: query.offset };
}

/** A story as the portal of `unitCode` shows it: `gone` when it was withdrawn, NOT_FOUND when never published there. */
export async function getPublishedStory(db: Db, unitCode: string, id: string): Promise<{ gone: true } | { gone: false; story: PublicStory }> {
	const unit = await loadUnit(db, unitCode).catch(() => {
		throw notFound('stories.notFound');
	});
	const row = await loadStory(db, id);
	if (!row.unitPath.startsWith(unit.path)) throw notFound('stories.notFound');
	if (row.story.status === 'withdrawn') return { gone: true };
	if (row.story.status !== 'published') throw notFound('stories.notFound');
	const { story } = row;
	const categories = story.householdId && story.beforeYear !== null && story.afterYear !== null ? await selectCategories(db, story.householdId, [story.beforeYear, story.afterYear]) : new Map<number, string>();
	return { gone: false, story: presentPublicStory({ story, unitCode: row.unitCode, unitName: row.unitName, portalCode: row.portalCode }, await selectPhotos(db, id), categories) };
}

/** A photo served to the public: only of a story published now, in the unit's subtree. */
export async function readPublicPhoto(db: Db, unitCode: string, id: string, photoId: string) {
	const shown = await getPublishedStory(db, unitCode, id);
	if (shown.gone) throw notFound('stories.photoNotFound');
	const photo = isUuid(photoId) ? await selectPhoto(db, id, photoId) : undefined;
	const file = photo ? await readStoredFile(db, photo.photo.fileId) : null;
	if (!file) throw notFound('stories.photoNotFound');
	return file;
}

/**
 * How many stories of a unit's subtree (by materialised path) are published now and were
 * published between two calendar dates (YYYY-MM-DD, inclusive, Asia/Ho_Chi_Minh). For the
 * indicator engine; a withdrawn story no longer counts.
 */
export function countPublishedStories(db: Db, scopeUnitPath: string, startDate: string, endDate: string): Promise<number> {
	return countPublished(db, scopeUnitPath, startDate, endDate);
}
