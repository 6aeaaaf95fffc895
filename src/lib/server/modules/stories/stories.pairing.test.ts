import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildActor } from '../../testing/factories';
import { rowsOf } from '../activities/activities.reach';
import { buildMobilisationWorld } from '../mobilisation/mobilisation.testing';
import { createSponsor } from '../mobilisation/mobilisation.service';
import { createPairing, recordVisit } from '../mobilisation/mobilisation.pairings';
import { pairingStoryLink, storyFromPairing } from './stories.pairing';
import { recordStoryConsent } from './stories.consents';
import { approveStory, publishStory, submitStory } from './stories.workflow';
import { findPublishedStories } from './stories.public';

describe.each(testDrivers)('stories: a story written from a pairing (%s)', (driver) => {
	let database: Database;
	let w: Awaited<ReturnType<typeof buildMobilisationWorld>>;
	let leader1: Awaited<ReturnType<typeof buildActor>>;
	const ctx = (actor: typeof w.officer1) => ({ db: database.db, actor });
	let agreed: string;
	let refused: string;
	let quietSponsor: string;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		w = await buildMobilisationWorld(database.db);
		leader1 = await buildActor(database.db, 'commune_leader', 'C1');
		const o1 = ctx(w.officer1);
		// The helper is a sponsor that did not agree to be named on the portal.
		const firm = await createSponsor(o1, { unit: 'C1', kind: 'enterprise', name: 'Công ty Vật tư Sông Mã', phone: '0912 000 111' });
		agreed = (
			await createPairing(o1, { household: w.poor11, helperKind: 'sponsor', sponsor: firm.id, fromDate: '2025-02-01', goal: 'Nuôi bò sinh sản', storyConsent: 'on' })
		).id;
		await recordVisit(o1, agreed, { visitedOn: '2025-03-05', support: 'Trao một con bò giống', value: '12.000.000', notes: 'Anh Pành ốm, vợ tiếp' });
		await recordVisit(o1, agreed, { visitedOn: '2025-08-05', support: 'Hướng dẫn làm chuồng' });
		refused = (
			await createPairing(o1, { household: w.near12, helperKind: 'organisation_member', helperName: 'Chị Đinh Thị Hoa', helperOrganisation: 'Hội Nông dân xã', fromDate: '2025-03-01', goal: 'Trồng ngô' })
		).id;
		quietSponsor = firm.id;
	});
	afterAll(() => database.close());

	it('pre-fills a draft from a consenting pairing without the household’s or the helpers’ names, and opens it again on a second ask', async () => {
		const { story, created } = await storyFromPairing(ctx(w.officer1), agreed);
		expect(created).toBe(true);
		expect(story).toMatchObject({ status: 'draft', subjectKind: 'household', beforeYear: 2025, afterYear: 2026 });
		const text = [story.subjectName, story.title, story.summary, story.whatTheyDid, story.results].join('\n');
		expect(text).toContain('Thôn Một');
		expect(text).toContain('Trao một con bò giống');
		expect(text).toContain('12.000.000');
		expect(text).toContain('2026');
		// Nobody is named: not the household's head, not the sponsor that did not agree; no visit notes, no phone.
		for (const secret of ['Lò Văn Pành', 'Pành', 'Công ty Vật tư Sông Mã', '0912', 'ốm']) expect(text, secret).not.toContain(secret);
		const [row] = await rowsOf<{ pairing_id: string; unit_code: string }>(
			database.db,
			sql`SELECT s.pairing_id, u.code AS unit_code FROM stories s JOIN units u ON u.id = s.unit_id WHERE s.id = ${story.id}`
		);
		expect(row).toEqual({ pairing_id: agreed, unit_code: 'C1-V1' });
		const again = await storyFromPairing(ctx(w.officer1), agreed);
		expect(again.created).toBe(false);
		expect(again.story.id).toBe(story.id);
		expect(await pairingStoryLink(ctx(w.officer1), agreed)).toEqual({ storyId: story.id, canWrite: true });
	});

	it('refuses a pairing whose household did not agree, and writes nothing', async () => {
		const count = async () => Number((await rowsOf<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM stories`))[0].n);
		const before = await count();
		await expect(storyFromPairing(ctx(w.officer1), refused)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'stories.fromPairing.noConsent' });
		expect(await count()).toBe(before);
		expect(await pairingStoryLink(ctx(w.officer1), refused)).toEqual({ storyId: null, canWrite: true });
	});

	it('keeps another commune, a village head and bad ids out', async () => {
		await expect(storyFromPairing(ctx(w.officer2), agreed)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await pairingStoryLink(ctx(w.officer2), agreed)).toEqual({ storyId: null, canWrite: false });
		// The village head reads the village's pairings but writes no stories.
		await expect(storyFromPairing(ctx(w.head11), agreed)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		for (const bad of ['nope', '', "'; DROP TABLE stories; --", '00000000-0000-0000-0000-000000000000'])
			await expect(storyFromPairing(ctx(w.officer1), bad)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('goes through consents, approval and publication, then shows on the portal without the household’s name', async () => {
		const { story } = await storyFromPairing(ctx(w.officer1), agreed);
		await expect(submitStory(ctx(w.officer1), story.id)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'stories.consentMissing' });
		await recordStoryConsent(ctx(w.officer1), story.id, { personName: 'Lò Văn Pành', givenOn: '2025-09-01', method: 'thumbprint' });
		await submitStory(ctx(w.officer1), story.id);
		await approveStory(ctx(leader1), story.id);
		await publishStory(ctx(leader1), story.id);
		const portal = await findPublishedStories(database.db, { unit: 'C1' });
		const shown = portal.items.find((s) => s.id === story.id)!;
		expect(shown).toBeTruthy();
		expect(shown.beforeAfter).toEqual({ beforeYear: 2025, before: 'poor', afterYear: 2026, after: 'escaped' });
		expect(JSON.stringify(shown)).not.toContain('Lò Văn Pành');
		expect(JSON.stringify(shown)).not.toContain('Sông Mã');
		// Another commune's portal does not show it.
		expect((await findPublishedStories(database.db, { unit: 'C2' })).items.map((s) => s.id)).not.toContain(story.id);
		expect(quietSponsor).toBeTruthy();
	});
});
