import { eq } from 'drizzle-orm';
import { AppError, forbidden, notFound } from '../../errors';
import { recordChange } from '../../audit/audit.service';
import { audioKinds, readStoredFile, storeFile } from '../../files/store';
import { speechEngine, type SpeechEngine } from '../../speech/speech';
import { contentItems } from '../content/content.tables';
import { selectBulletin, selectStationPathsOfContent, type BulletinRow } from './loudspeakers.repository';
import { audioCurrent, bulletinSeconds, spokenText, textHash } from './loudspeakers.audio';
import { canMakeSpeech, canReadContent, canReadStation } from './loudspeakers.policy';
import type { Ctx } from './loudspeakers.service';

/** Statuses in which a bulletin's speech is made: in review (the approver listens first), approved, published. */
export const speakableStatuses = ['in_review', 'approved', 'published'];

/** Where a bulletin's audio is listened to in the workspace. */
export const speechUrl = (contentId: string) => `/api/v1/content/${contentId}/speech`;

export function presentAudio(b: BulletinRow) {
	return {
		made: b.audioFileId !== null,
		stale: b.audioFileId !== null && !audioCurrent(b),
		engine: b.audioEngine,
		seconds: bulletinSeconds(b),
		url: b.audioFileId ? speechUrl(b.id) : null
	};
}

/**
 * Makes the bulletin's speech from its title and body with the configured engine, stores it and
 * links it to the bulletin with the engine's name and the hash of the text spoken. The engine runs
 * before the transaction opens (it may take seconds); the text is checked again inside it, so
 * audio of a text changed meanwhile is not linked.
 */
export async function makeSpeech(ctx: Ctx, contentId: string, engine: SpeechEngine = speechEngine()) {
	const bulletin = await selectBulletin(ctx.db, contentId);
	if (!bulletin) throw notFound('loudspeakers.bulletinNotFound');
	if (!canReadContent(ctx.actor, bulletin)) throw forbidden();
	if (!canMakeSpeech(ctx.actor, bulletin)) throw forbidden();
	if (bulletin.kind !== 'bulletin') throw new AppError('VALIDATION', 'loudspeakers.notBulletin');
	if (!speakableStatuses.includes(bulletin.status)) throw new AppError('CONFLICT', 'loudspeakers.speechStatus');
	const text = spokenText(bulletin);
	const hash = textHash(text);
	const speech = await engine.synthesize(text, { language: 'vi' });
	return ctx.db.transaction(async (tx) => {
		const now = await selectBulletin(tx, contentId);
		if (!now || textHash(spokenText(now)) !== hash) throw new AppError('CONFLICT', 'loudspeakers.textChanged');
		const file = await storeFile(tx, {
			bytes: speech.bytes,
			originalName: `ban-tin-${contentId.slice(0, 8)}.${speech.mime === 'audio/wav' ? 'wav' : speech.mime === 'audio/mpeg' ? 'mp3' : 'ogg'}`,
			unitId: bulletin.unitId,
			createdBy: ctx.actor.userId,
			accept: audioKinds
		});
		await tx.update(contentItems).set({ audioFileId: file.id, audioEngine: engine.name, audioTextHash: hash }).where(eq(contentItems.id, contentId));
		await recordChange(tx, ctx.actor, {
			action: 'content.speech',
			entityType: 'content',
			entityId: contentId,
			unitId: bulletin.unitId,
			before: bulletin.audioFileId ? { fileId: bulletin.audioFileId, textHash: bulletin.audioTextHash } : null,
			after: { fileId: file.id, engine: engine.name, seconds: Math.round(speech.seconds * 10) / 10, textHash: hash }
		});
		return { contentId, fileId: file.id, engine: engine.name, seconds: Math.round(speech.seconds * 10) / 10, mime: file.mime, audioUrl: speechUrl(contentId) };
	});
}

/**
 * The bulletin's audio for listening: to those who read the bulletin, and to those who see a
 * station it is scheduled on (the village head hears what their loudspeaker will play).
 */
export async function readSpeech(ctx: Ctx, contentId: string) {
	const bulletin = await selectBulletin(ctx.db, contentId);
	if (!bulletin) throw notFound('loudspeakers.bulletinNotFound');
	if (!canReadContent(ctx.actor, bulletin)) {
		const paths = await selectStationPathsOfContent(ctx.db, contentId);
		if (!paths.some((unitPath) => canReadStation(ctx.actor, { unitPath }))) throw forbidden();
	}
	if (!bulletin.audioFileId) throw notFound('loudspeakers.audioNotMade');
	const file = await readStoredFile(ctx.db, bulletin.audioFileId);
	if (!file) throw notFound('loudspeakers.audioNotMade');
	return { file, stale: !audioCurrent(bulletin) };
}
