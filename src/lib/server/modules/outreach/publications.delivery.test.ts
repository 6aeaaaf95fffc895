import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database } from '../../db/client';
import { buildContent, buildContentWorld } from '../content/content.fixtures';
import { outreachAccounts } from './accounts.tables';
import { contentPublications } from './subscriptions.tables';
import { encryptSecret } from './outreach.crypto';
import { deliverDue } from './outbox.worker';
import { findItemPublications, publishToPlatforms } from './publications.service';
import { pullEngagement } from './publications.engagement';
import { startFakeFacebook, type FakeFacebook } from './testing/facebook-server';

const envKeys = ['LANTOA_FACEBOOK_GRAPH_URL', 'LANTOA_RATE_FACEBOOK', 'LANTOA_SECRET_KEY'] as const;

describe.each(testDrivers)('publications delivered through the Graph API protocol, figures pulled back (%s)', (driver) => {
	let database: Database;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;
	let fb: FakeFacebook;
	const saved: Record<string, string | undefined> = {};

	beforeAll(async () => {
		for (const k of envKeys) saved[k] = process.env[k];
		process.env.LANTOA_SECRET_KEY = 'khoa-bi-mat-cua-bai-kiem-tra';
		process.env.LANTOA_RATE_FACEBOOK = '100';
		fb = await startFakeFacebook();
		process.env.LANTOA_FACEBOOK_GRAPH_URL = fb.url + '/v21.0';
		database = await createTestDatabase(driver);
		world = await buildContentWorld(database.db);
		const page = fb.pages[0];
		await database.db.insert(outreachAccounts).values({
			unitId: world.units.c1.id,
			platform: 'facebook',
			name: 'Trang xã Một',
			externalId: page.id,
			accessTokenEnc: encryptSecret(page.accessToken),
			webhookSecretEnc: encryptSecret(page.appSecret)
		});
	});
	afterAll(async () => {
		for (const k of envKeys) (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]));
		await fb.close();
		await database.close();
	});

	it('the worker posts with the portal link; the publication keeps the post id and address; the job stores reactions, comments, shares and reach', async () => {
		const db = database.db;
		const item = await buildContent(world, { status: 'approved', kind: 'article', title: 'Mô hình nuôi gà thả vườn' });
		const out = await publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['portal', 'facebook'] });
		await deliverDue(db);
		const posted = [...fb.posts.values()].filter((p) => p.message.includes('Mô hình nuôi gà thả vườn'));
		expect(posted).toHaveLength(1);
		expect(posted[0].link).toBe(`http://localhost:3000/portal/C1/news/${item.id}`);
		const pub = out.publications.find((p) => p.platform === 'facebook')!;
		const [row] = await db.select().from(contentPublications).where(eq(contentPublications.id, pub.id));
		expect(row).toMatchObject({ status: 'published', externalId: posted[0].id });
		expect(row.externalUrl).toMatch(/^https:\/\/www\.facebook\.com\//);

		// Another run sends nothing again.
		await deliverDue(db);
		expect([...fb.posts.values()].filter((p) => p.message.includes('Mô hình nuôi gà thả vườn'))).toHaveLength(1);

		fb.setEngagement(posted[0].id, { reactions: 42, comments: 7, shares: 3, impressions: 900, reach: 610 });
		expect(await pullEngagement(db)).toEqual({ updated: 1, failed: 0 });
		const [list] = (await findItemPublications(db, world.actors.officer, item.id)).filter((p) => p.platform === 'facebook');
		expect(list.engagement).toEqual({ reactions: 42, comments: 7, shares: 3, impressions: 900, reach: 610 });
		// Fresh figures are not read again until they are stale.
		expect(await pullEngagement(db)).toEqual({ updated: 0, failed: 0 });
		fb.setEngagement(posted[0].id, { reactions: 50, comments: 9, shares: 4, impressions: 1000, reach: 700 });
		expect(await pullEngagement(db, { staleMinutes: 0, now: new Date(Date.now() + 1000) })).toEqual({ updated: 1, failed: 0 });
	});

	it('a refused token kills the message and marks the publication failed', async () => {
		const db = database.db;
		const item = await buildContent(world, { status: 'published', kind: 'article', title: 'Tin bị từ chối' });
		fb.expireTokenNext(1);
		const out = await publishToPlatforms({ db, actor: world.actors.officer }, { content: item.id, platforms: ['facebook'] });
		await deliverDue(db);
		const [row] = await db.select().from(contentPublications).where(eq(contentPublications.id, out.publications[0].id));
		expect(row.status).toBe('failed');
	});
});
