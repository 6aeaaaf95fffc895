import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../testing/db';
import type { Database, Db } from '../../db/client';
import { buildContent, buildContentWorld } from '../content/content.fixtures';
import { outboxMessages } from './outbox.tables';
import { subscriptions } from './subscriptions.tables';
import { confirmSubscription, subscribe } from './subscriptions.service';

describe.each(testDrivers)('news subscribers hear of articles however they are published (%s)', (driver) => {
	let database: Database;
	let db: Db;
	let world: Awaited<ReturnType<typeof buildContentWorld>>;

	const subscriber = async (unit: string, address: string) => {
		await subscribe(db, { unit, topics: ['news'], channel: 'sms', address });
		const [row] = await db.select().from(subscriptions).where(and(eq(subscriptions.address, '84' + address.slice(1)), eq(subscriptions.topic, 'news')));
		await confirmSubscription(db, row.token);
		return row;
	};
	const newsFor = (subscriptionId: string, causeId: string) =>
		db.select().from(outboxMessages).where(and(eq(outboxMessages.subscriptionId, subscriptionId), eq(outboxMessages.causeId, causeId)));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		db = database.db;
		world = await buildContentWorld(db);
	});
	afterAll(async () => {
		await database.close();
	});

	it('the item\'s own Publish step tells the news subscribers of the portal showing it, once; other communes and other kinds tell nobody', async () => {
		const c1 = await subscriber('C1', '0912111222');
		const c2 = await subscriber('C2', '0912333444');
		// A village's article shows on its commune's portal: the commune's subscribers hear of it.
		const article = await buildContent(world, { status: 'published', kind: 'article', unit: 'C1-V1', title: 'Thôn Một làm lại đường vào xóm' });
		const queued = await newsFor(c1.id, article.id);
		expect(queued).toHaveLength(1);
		expect(queued[0]).toMatchObject({ channel: 'sms', kind: 'subscription', recipient: '84912111222' });
		expect(queued[0].body).toContain('Thôn Một làm lại đường vào xóm');
		expect(queued[0].body).toContain(`/portal/C1/news/${article.id}`);
		expect(await newsFor(c2.id, article.id)).toHaveLength(0);
		// A bulletin is not news on the portal.
		const bulletin = await buildContent(world, { status: 'published', kind: 'bulletin', title: 'Lịch phát thanh tuần này' });
		expect(await newsFor(c1.id, bulletin.id)).toHaveLength(0);
		// An approved article not yet published tells nobody.
		const approved = await buildContent(world, { status: 'approved', kind: 'article', title: 'Chưa đăng' });
		expect(await newsFor(c1.id, approved.id)).toHaveLength(0);
	});
});
