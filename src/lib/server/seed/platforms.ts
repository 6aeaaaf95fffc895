import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { outreachAccounts } from '../modules/outreach/accounts.tables';
import { systemActor } from '../access/actor';
import { saveAccount } from '../modules/outreach/outreach.accounts';
import { receiveSmsWebhook, receiveZaloWebhook } from '../modules/outreach/outreach.webhooks';
import { signedSmsWebhook, signedZaloWebhook, userSendText } from '../modules/outreach/testing/sign';

/**
 * Hà Bình's accounts on the platforms, with made-up ids and keys clearly marked DEMO (no real
 * platform accepts them: sending through them fails until an officer enters real ones), and two
 * questions that arrived by Zalo and SMS, received through the same webhooks as real ones.
 */
export const DEMO_ZALO = { oaId: '1600000000016108', appId: '1000000000016108', token: 'DEMO-zalo-oa-token-khong-dung-that', secretKey: 'DEMO-zalo-oa-secret-key-habinh' };
export const DEMO_FACEBOOK = { pageId: '100000000016108', token: 'DEMO-facebook-page-token-khong-dung-that', appSecret: 'DEMO-facebook-app-secret-habinh' };
export const DEMO_SMS = { sender: 'UBNDHaBinh', inboundNumber: '8055', apiKey: 'DEMO-sms-gateway-key-habinh', webhookSecret: 'DEMO-sms-webhook-secret-habinh' };

export async function seedPlatforms(db: Db): Promise<void> {
	const ctx = { db, actor: systemActor };
	await saveAccount(ctx, {
		unit: '16108',
		platform: 'facebook',
		name: 'Trang tin UBND xã Hà Bình (demo)',
		externalId: DEMO_FACEBOOK.pageId,
		accessToken: DEMO_FACEBOOK.token,
		webhookSecret: DEMO_FACEBOOK.appSecret,
		ratePerSecond: 1
	});
	await saveAccount(ctx, {
		unit: '16108',
		platform: 'zalo_oa',
		name: 'Xã Hà Bình trên Zalo (demo)',
		externalId: DEMO_ZALO.oaId,
		accessToken: DEMO_ZALO.token,
		webhookSecret: DEMO_ZALO.secretKey,
		appId: DEMO_ZALO.appId
	});
	await saveAccount(ctx, {
		unit: '16108',
		platform: 'sms',
		name: 'Tin nhắn UBND xã Hà Bình (demo)',
		externalId: DEMO_SMS.sender,
		accessToken: DEMO_SMS.apiKey,
		webhookSecret: DEMO_SMS.webhookSecret,
		inboundNumber: DEMO_SMS.inboundNumber
	});

	// Marked demo: the outbox treats them as not configured rather than calling the real platforms with made-up keys.
	await db
		.update(outreachAccounts)
		.set({ settings: sql`${outreachAccounts.settings} || '{"demo": true}'::jsonb` })
		.where(inArray(outreachAccounts.externalId, [DEMO_FACEBOOK.pageId, DEMO_ZALO.oaId, DEMO_SMS.sender]));

	const zalo = signedZaloWebhook(
		userSendText(
			{ id: DEMO_ZALO.oaId, appId: DEMO_ZALO.appId },
			'2718281828459045',
			'Cho tôi hỏi bao giờ xã mở buổi hướng dẫn làm hồ sơ vay vốn ưu đãi cho hộ cận nghèo? Nhà tôi ở thôn Bái Xuân, muốn vay để nuôi dê.',
			'demo-zalo-habinh-1'
		),
		DEMO_ZALO.secretKey
	);
	await receiveZaloWebhook(db, { rawBody: zalo.body, signature: zalo.headers['x-zevent-signature'] });

	const sms = signedSmsWebhook(
		{
			type: 'inbound',
			id: 'demo-sms-habinh-1',
			from: '84975118206',
			to: DEMO_SMS.inboundNumber,
			text: 'Loa đầu thôn Tây Sơn mấy hôm nay bị rè, bản tin buổi sáng nghe không rõ. Nhờ xã cho người xem giúp.',
			receivedAt: new Date().toISOString()
		},
		DEMO_SMS.webhookSecret
	);
	await receiveSmsWebhook(db, { rawBody: sms.body, signature: sms.headers['x-signature'], timestamp: sms.headers['x-timestamp'] });
}
