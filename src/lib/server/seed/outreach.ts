import { and, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../modules/units/units.tables';
import { users } from '../modules/users/users.tables';
import { enqueueOutbox, type OutboxInput } from '../modules/outreach/outbox';
import { outboxAttempts, outboxMessages } from '../modules/outreach/outbox.tables';

const DAY = 86_400_000;

interface Story {
	input: Omit<OutboxInput, 'unitId' | 'idempotencyKey'> & { unitCode: string };
	daysAgo: number;
	status: 'sent' | 'delivered' | 'dead' | 'cancelled';
	provider?: string;
	lastError?: string;
	/** The attempts as the worker would have logged them, in order. */
	log: { outcome: string; httpStatus?: number; detail?: string; afterSeconds: number }[];
}

/**
 * A week of Hà Bình's outgoing messages as the outbox worker would have left them: a reminder by
 * e-mail, a notice by SMS delivered to the phones, a ZNS notice that the platform first asked to
 * slow down and then delivered, a Facebook post, an SMS the gateway refused for a wrong number,
 * and an e-mail given up because no mail server is set up. None is left waiting, so nothing here
 * is sent anywhere when the server starts.
 */
export async function seedOutreach(db: Db): Promise<void> {
	const [commune] = await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.code, '16108'));
	if (!commune) return;
	const codes = await db.select({ id: units.id, code: units.code }).from(units).where(like(units.path, commune.path + '%'));
	const unitOf = new Map(codes.map((u) => [u.code, u.id]));
	const [officer] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'canbo.habinh'));
	// Households of Đông Sơn who agreed to SMS, when the register has them.
	const consenting = (await db.execute(sql`
		SELECT h.id, h.phone FROM households h JOIN units u ON u.id = h.unit_id
		WHERE u.code = '16108-01' AND h.phone IS NOT NULL AND h.merged_into_id IS NULL
		AND (SELECT c.granted AND c.channels @> ARRAY['sms'] FROM household_consents c WHERE c.household_id = h.id ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1)
		ORDER BY h.id LIMIT 3`)) as unknown as { rows: { id: string; phone: string }[] };
	const phones = consenting.rows.length ? consenting.rows : [{ id: null, phone: '0915100201' }, { id: null, phone: '0915100202' }];
	const smsNotice =
		'UBND xa Ha Binh: toi thu Sau 19h30 hop dan thon Dong Son tai nha van hoa, ban ve vay von uu dai nuoi de. Soan HUY gui 8055 de ngung nhan tin.';

	const stories: Story[] = [
		{
			input: {
				unitCode: '16108',
				channel: 'email',
				kind: 'reminder',
				recipient: 'canbo.habinh@habinh.example',
				subject: 'Nhắc việc: báo cáo công tác truyền thông tháng đến hạn',
				body: 'Báo cáo công tác truyền thông giảm nghèo tháng này của xã Hà Bình đến hạn nộp sau ba ngày làm việc. Mở Lan Tỏa để xem số liệu đã có và gửi báo cáo.',
				userId: officer?.id ?? null
			},
			daysAgo: 6,
			status: 'sent',
			provider: '<demo-nhac-viec@habinh.example>',
			log: [{ outcome: 'sent', afterSeconds: 2 }]
		},
		...phones.map(
			(p, i): Story => ({
				input: { unitCode: '16108-01', channel: 'sms', kind: 'notice', recipient: '84' + p.phone.slice(1), body: smsNotice, householdId: p.id },
				daysAgo: 3,
				status: 'delivered',
				provider: `demo-sms-${i + 1}`,
				log: [
					{ outcome: 'sent', httpStatus: 200, afterSeconds: 1 + i },
					{ outcome: 'delivered', afterSeconds: 40 + i }
				]
			})
		),
		{
			input: {
				unitCode: '16108',
				channel: 'zns',
				kind: 'notice',
				recipient: '84915100203',
				body: 'Xã Hà Bình mời gia đình dự buổi đối thoại về chính sách hỗ trợ nhà ở, 8 giờ sáng thứ Bảy tại hội trường UBND xã.',
				payload: { templateData: { unit: 'Xã Hà Bình', time: '8:00 thứ Bảy' } }
			},
			daysAgo: 2,
			status: 'delivered',
			provider: 'demo-zns-1',
			log: [
				{ outcome: 'rate_limited', httpStatus: 429, detail: 'the platform asked to slow down', afterSeconds: 1 },
				{ outcome: 'sent', httpStatus: 200, afterSeconds: 75 },
				{ outcome: 'delivered', afterSeconds: 90 }
			]
		},
		{
			input: {
				unitCode: '16108',
				channel: 'facebook',
				kind: 'publication',
				recipient: '100000000016108',
				body: 'Hà Bình ra mắt tổ hợp tác nuôi dê của 12 hộ cận nghèo thôn Bái Xuân. Mời bà con xem cách tổ chia việc, chia lãi và cách đăng ký tham gia.'
			},
			daysAgo: 1,
			status: 'sent',
			provider: '100000000016108_700000000000001',
			log: [{ outcome: 'sent', httpStatus: 200, afterSeconds: 3 }]
		},
		{
			input: { unitCode: '16108-03', channel: 'sms', kind: 'notice', recipient: '8402437330', body: smsNotice },
			daysAgo: 1,
			status: 'dead',
			lastError: 'invalid_number: the gateway refused the number',
			log: [{ outcome: 'refused', httpStatus: 400, detail: 'invalid_number: the gateway refused the number', afterSeconds: 1 }]
		},
		{
			input: {
				unitCode: '16108',
				channel: 'email',
				kind: 'subscription',
				recipient: 'ban.doc@habinh.example',
				subject: 'Tin mới của xã Hà Bình',
				body: 'Lịch phát thanh tuần này của xã Hà Bình đã có trên cổng thông tin. Bỏ nhận tin: mở liên kết hủy đăng ký ở cuối thư.'
			},
			daysAgo: 0,
			status: 'dead',
			lastError: 'outreach.error.notConfigured',
			log: [{ outcome: 'refused', detail: 'outreach.error.notConfigured', afterSeconds: 1 }]
		}
	];

	for (const [i, s] of stories.entries()) {
		const { unitCode, ...input } = s.input;
		const unitId = unitOf.get(unitCode);
		if (!unitId) continue;
		const created = new Date(Date.now() - s.daysAgo * DAY - 3_600_000);
		const { ids } = await enqueueOutbox(db, [{ ...input, unitId, idempotencyKey: `demo:outreach:${i}`, createdBy: officer?.id ?? null }]);
		if (!ids.length) continue;
		const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);
		const sentLine = s.log.find((l) => l.outcome === 'sent');
		const deliveredLine = s.log.find((l) => l.outcome === 'delivered');
		const tries = s.log.filter((l) => l.outcome !== 'delivered').length;
		await db
			.update(outboxMessages)
			.set({
				status: s.status,
				attempts: tries,
				providerMessageId: s.provider ?? null,
				lastError: s.lastError ?? null,
				createdAt: created,
				nextAttemptAt: created,
				sentAt: sentLine ? at(sentLine.afterSeconds) : null,
				deliveredAt: deliveredLine ? at(deliveredLine.afterSeconds) : null,
				updatedAt: at(s.log.at(-1)!.afterSeconds)
			})
			.where(and(eq(outboxMessages.id, ids[0])));
		let attempt = 0;
		await db.insert(outboxAttempts).values(
			s.log.map((l) => ({
				messageId: ids[0],
				attempt: l.outcome === 'delivered' ? attempt : ++attempt,
				outcome: l.outcome,
				httpStatus: l.httpStatus ?? null,
				detail: l.detail ?? null,
				providerMessageId: l.outcome === 'sent' || l.outcome === 'delivered' ? (s.provider ?? null) : null,
				worker: l.outcome === 'delivered' ? 'receipt' : 'lantoa-demo:1',
				at: at(l.afterSeconds)
			}))
		);
	}
}
