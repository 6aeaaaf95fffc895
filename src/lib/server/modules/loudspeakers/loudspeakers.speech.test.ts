import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { contentItems } from '../content/content.tables';
import { storedFiles } from '../../files/files.tables';
import { buildContent } from '../content/content.fixtures';
import { updateContent } from '../content/content.service';
import { espeakEngine, espeakSettings } from '../../speech/espeak';
import { buildLoudspeakerWorld } from './loudspeakers.testing';
import { makeSpeech, presentAudio, readSpeech } from './loudspeakers.speech';
import { selectBulletin } from './loudspeakers.repository';
import { bulletinSeconds, estimateSeconds, spokenText } from './loudspeakers.audio';

const installed = spawnSync('espeak-ng', ['--version']).status === 0;

describe.each(testDrivers)('bulletin speech (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildLoudspeakerWorld>>;
	const as = (actor: (typeof w.actors)['officer']) => ({ db: database.db, actor });
	const body = 'Trạm y tế xã tiêm vắc-xin sởi cho trẻ dưới năm tuổi vào sáng thứ Bảy. Phụ huynh mang theo sổ tiêm chủng.';

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildLoudspeakerWorld(database.db);
	});
	afterAll(() => database.close());

	it('refuses drafts, other kinds, other communes and those who neither write nor approve; a missing engine is 503 and stores nothing', async () => {
		const draft = await buildContent(w, { title: 'Nháp', body, status: 'draft' });
		const article = await buildContent(w, { kind: 'article', title: 'Bài', body, status: 'in_review' });
		const review = await buildContent(w, { title: 'Chờ duyệt', body, status: 'in_review' });
		const missing = espeakEngine({ ...espeakSettings({}), command: '/nonexistent/espeak-ng' });
		await expect(makeSpeech(as(w.actors.officer), draft.id, missing)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'loudspeakers.speechStatus' });
		await expect(makeSpeech(as(w.actors.officer), article.id, missing)).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'loudspeakers.notBulletin' });
		await expect(makeSpeech(as(w.actors.otherOfficer), review.id, missing)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(makeSpeech(as(w.actors.village), review.id, missing)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(makeSpeech(as(w.actors.officer), '00000000-0000-4000-8000-000000000000', missing)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(makeSpeech(as(w.actors.officer), review.id, missing)).rejects.toMatchObject({ code: 'UNAVAILABLE', messageKey: 'loudspeakers.speechUnavailable' });
		const [row] = await database.db.select().from(contentItems).where(eq(contentItems.id, review.id));
		expect(row.audioFileId).toBeNull();
		await expect(readSpeech(as(w.actors.officer), review.id)).rejects.toMatchObject({ code: 'NOT_FOUND', messageKey: 'loudspeakers.audioNotMade' });
		// Before any audio, the schedule counts the estimate from the text.
		const b = (await selectBulletin(database.db, review.id))!;
		expect(bulletinSeconds(b)).toBe(estimateSeconds(spokenText(b)));
		expect(presentAudio(b)).toMatchObject({ made: false, stale: false, url: null });
	});

	it.skipIf(!installed)('the approver makes the speech of a bulletin in review, listens, and a changed text makes it stale', async () => {
		const review = await buildContent(w, { title: 'Lịch tiêm chủng', body, status: 'in_review' });
		const made = await makeSpeech(as(w.actors.leader), review.id);
		expect(made).toMatchObject({ contentId: review.id, engine: 'espeak-ng', mime: 'audio/wav', audioUrl: `/api/v1/content/${review.id}/speech` });
		expect(made.seconds).toBeGreaterThan(5);
		const [row] = await database.db.select().from(contentItems).where(eq(contentItems.id, review.id));
		expect(row).toMatchObject({ audioFileId: made.fileId, audioEngine: 'espeak-ng' });
		expect(row.audioTextHash).toMatch(/^[0-9a-f]{64}$/);
		const [file] = await database.db.select().from(storedFiles).where(eq(storedFiles.id, made.fileId));
		expect(file).toMatchObject({ mime: 'audio/wav', unitId: w.units.c1.id });

		const heard = await readSpeech(as(w.actors.officer), review.id);
		expect(heard.stale).toBe(false);
		expect(Buffer.from(heard.file.bytes.subarray(0, 4)).toString('latin1')).toBe('RIFF');
		// The schedule now counts the audio's own length.
		const b = (await selectBulletin(database.db, review.id))!;
		expect(Math.abs(bulletinSeconds(b) - made.seconds)).toBeLessThanOrEqual(1);
		expect(presentAudio(b)).toMatchObject({ made: true, stale: false });
		// Another commune neither hears it nor makes it.
		await expect(readSpeech(as(w.actors.otherOfficer), review.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

		await updateContent({ db: database.db, actor: w.actors.officer }, review.id, { body: body + ' Xin cảm ơn bà con.' });
		const changed = (await selectBulletin(database.db, review.id))!;
		expect(presentAudio(changed)).toMatchObject({ made: true, stale: true });
		expect(bulletinSeconds(changed)).toBe(estimateSeconds(spokenText(changed)));
		expect((await readSpeech(as(w.actors.officer), review.id)).stale).toBe(true);
	});
});
