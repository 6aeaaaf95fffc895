import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { units } from '../modules/units/units.tables';
import { householdClassifications, households } from '../modules/households/households.tables';
import { createGift, createPledge, createReceipt, createSponsor } from '../modules/mobilisation/mobilisation.service';
import { createPairing, recordVisit } from '../modules/mobilisation/mobilisation.pairings';
import { storyFromPairing } from '../modules/stories/stories.pairing';
import { updateStory } from '../modules/stories/stories.service';
import { recordStoryConsent } from '../modules/stories/stories.consents';
import { approveStory, publishStory, submitStory } from '../modules/stories/stories.workflow';

/**
 * Demo mobilisation: in Hà Bình a farming cooperative, the social policy bank's branch and a
 * better-off household pledge money and goods, what arrived and what was handed on to households;
 * three pairings with visits, one with a household out of poverty in 2026 whose story, written
 * from the pairing with the household's consent, is published on the portal. In Đa Quyn a coffee
 * cooperative and one pairing. Written by each commune's officer through the services.
 */

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** A household of the demo register by its categories in 2025 and 2026, in villages starting with `prefix`; `skip` passes over the first ones. */
async function householdOf(db: Db, prefix: string, in2025: string, in2026: string[], skip = 0) {
	const later = sql`(SELECT c.category FROM household_classifications c WHERE c.household_id = ${households.id} AND c.year = 2026)`;
	const rows = await db
		.select({ id: households.id, name: households.headName })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.innerJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, 2025)))
		.where(and(sql`${units.code} LIKE ${prefix + '%'}`, eq(householdClassifications.category, in2025), sql`${later} IN ${in2026}`, sql`${households.mergedIntoId} IS NULL`))
		.orderBy(asc(units.code), asc(households.headNameNorm))
		.limit(skip + 1);
	return rows[Math.min(skip, rows.length - 1)];
}

async function seedHaBinh(db: Db) {
	const ctx = { db, actor: await actorOf(db, 'canbo.habinh') };
	const cooperative = await createSponsor(ctx, {
		unit: '16108',
		kind: 'enterprise',
		name: 'Hợp tác xã Dịch vụ nông nghiệp Hà Bình',
		contactPerson: 'Ông Đỗ Văn Khiêm, giám đốc',
		phone: '0237 3612 480',
		address: 'Thôn Trung Hòa, xã Hà Bình',
		consentPublic: true,
		consentContact: true,
		note: 'Nhận hỗ trợ giống, vật tư cho hộ nghèo theo mùa vụ.'
	});
	const bank = await createSponsor(ctx, {
		unit: '16108',
		kind: 'organisation',
		name: 'Ngân hàng Chính sách xã hội, phòng giao dịch khu vực Hà Trung',
		contactPerson: 'Chị Vũ Thị Duyên, cán bộ tín dụng phụ trách xã',
		consentPublic: true,
		consentContact: true
	});
	const betterOff = await createSponsor(ctx, {
		unit: '16108-01',
		kind: 'better_off_household',
		name: 'Hộ ông Lê Văn Thịnh, thôn Đông Sơn',
		note: 'Gia đình làm trang trại lợn; không muốn nêu tên trên cổng thông tin.',
		consentContact: true
	});

	const seed = await createPledge(ctx, cooperative.id, { kind: 'cash', amount: 30_000_000, pledgedOn: '2025-02-10', purpose: 'Mua giống ngô, lúa và phân bón cho hộ nghèo vụ xuân và vụ mùa 2025' });
	const spring = await createReceipt(ctx, seed.id, { amount: 20_000_000, receivedOn: '2025-03-05', receivedBy: 'Nguyễn Thị Mai, kế toán xã' });
	await createReceipt(ctx, seed.id, { amount: 10_000_000, receivedOn: '2025-09-12', receivedBy: 'Nguyễn Thị Mai, kế toán xã' });
	const books = await createPledge(ctx, bank.id, {
		kind: 'in_kind',
		amount: 6_000_000,
		description: '150 cuốn sổ tay ghi chép thu chi gia đình và tờ gấp hướng dẫn thủ tục vay vốn',
		pledgedOn: '2026-01-15',
		purpose: 'Phát cho hộ nghèo, cận nghèo tại các buổi sinh hoạt thôn'
	});
	await createReceipt(ctx, books.id, { amount: 6_000_000, receivedOn: '2026-02-02', receivedBy: 'Trần Văn Bình, công chức VH-XH' });
	const piglets = await createPledge(ctx, betterOff.id, { kind: 'in_kind', amount: 4_000_000, description: 'Hai con lợn nái giống', pledgedOn: '2025-04-01', purpose: 'Giúp hộ kết nghĩa có nghề chăn nuôi' });
	await createReceipt(ctx, piglets.id, { amount: 4_000_000, receivedOn: '2025-04-20', receivedBy: 'Hoàng Văn Sơn, trưởng thôn Đông Sơn' });

	const leaving = await householdOf(db, '16108-', 'poor', ['escaped', 'none'], 1);
	const stillPoor = await householdOf(db, '16108-', 'poor', ['poor']);
	const nearPoor = await householdOf(db, '16108-', 'near_poor', ['near_poor', 'poor', 'escaped', 'none']);
	if (stillPoor) await createGift(ctx, spring.id, { household: stillPoor.id, description: 'Giống ngô lai và phân bón cho ba sào ruộng', value: 3_500_000, givenOn: '2025-03-10' });
	if (nearPoor) await createGift(ctx, spring.id, { household: nearPoor.id, description: 'Giống lúa thuần và hai bao phân NPK', value: 2_800_000, givenOn: '2025-03-10' });

	if (leaving) {
		const p = await createPairing(ctx, {
			household: leaving.id,
			helperKind: 'sponsor',
			sponsor: bank.id,
			helperOrganisation: 'Tổ tiết kiệm và vay vốn thôn',
			fromDate: '2025-03-01',
			toDate: '2026-06-30',
			goal: 'Vay vốn ưu đãi nuôi bò sinh sản, ghi chép thu chi để thoát nghèo trong năm 2026',
			storyConsent: true
		});
		await recordVisit(ctx, p.id, { visitedOn: '2025-03-20', support: 'Hướng dẫn làm hồ sơ vay 40 triệu đồng nuôi bò', notes: 'Hộ có chuồng sẵn, cần sửa mái' });
		await recordVisit(ctx, p.id, { visitedOn: '2025-08-14', support: 'Kiểm tra sử dụng vốn, hướng dẫn tiêm phòng cho bò', notes: 'Bò khỏe, đã phối giống' });
		await recordVisit(ctx, p.id, { visitedOn: '2026-02-05', support: 'Tặng sổ ghi chép thu chi, cùng gia đình tính thu nhập cả năm', value: 40_000 });
		// The household agreed: the officer writes its story from the pairing, the chair approves and publishes it.
		const { story } = await storyFromPairing(ctx, p.id);
		await updateStory(ctx, story.id, {
			results: `${story.results}\nĐàn bò đã có thêm một con bê; sổ thu chi cho thấy thu nhập bình quân vượt chuẩn nghèo từ cuối năm 2025.`
		});
		await recordStoryConsent(ctx, story.id, { personName: leaving.name, givenOn: '2026-02-05', method: 'signed_form' });
		await submitStory(ctx, story.id);
		const chair = { db, actor: await actorOf(db, 'chutich.habinh') };
		await approveStory(chair, story.id);
		await publishStory(chair, story.id);
	}
	if (stillPoor) {
		const p = await createPairing(ctx, {
			household: stillPoor.id,
			helperKind: 'organisation_member',
			helperName: 'Chị Bùi Thị Nhàn',
			helperOrganisation: 'Hội Liên hiệp Phụ nữ xã Hà Bình',
			fromDate: '2025-03-01',
			goal: 'Đưa con trở lại trường, học cách trồng rau vụ đông để bán ở chợ xã'
		});
		await recordVisit(ctx, p.id, { visitedOn: '2025-04-02', support: 'Cùng gia đình làm đơn xin miễn học phí cho cháu lớp 7' });
		await recordVisit(ctx, p.id, { visitedOn: '2025-10-18', support: 'Cho hạt giống rau cải, su hào; hướng dẫn làm luống', value: 250_000 });
	}
	if (nearPoor) {
		const p = await createPairing(ctx, {
			household: nearPoor.id,
			helperKind: 'better_off_household',
			helperName: 'Hộ ông Lê Văn Thịnh, thôn Đông Sơn',
			fromDate: '2025-04-15',
			goal: 'Nuôi lợn nái theo cách của trang trại, có lứa lợn con đầu tiên trong năm'
		});
		await recordVisit(ctx, p.id, { visitedOn: '2025-04-20', support: 'Trao hai con lợn nái giống, hướng dẫn khẩu phần ăn', value: 4_000_000 });
		await recordVisit(ctx, p.id, { visitedOn: '2025-11-03', support: 'Xem đàn lợn con mới sinh, hướng dẫn cai sữa' });
	}
}

async function seedDaQuyn(db: Db) {
	const ctx = { db, actor: await actorOf(db, 'canbo.daquyn') };
	const coffee = await createSponsor(ctx, {
		unit: '24997',
		kind: 'enterprise',
		name: 'Hợp tác xã Cà phê Đa Quyn',
		contactPerson: 'Anh K’ Bròl, phó giám đốc',
		consentPublic: true,
		consentContact: true
	});
	const pledge = await createPledge(ctx, coffee.id, { kind: 'in_kind', amount: 12_000_000, description: '800 cây cà phê giống ghép và phân hữu cơ', pledgedOn: '2025-05-06', purpose: 'Trồng lại vườn cà phê già cỗi cho hộ nghèo' });
	await createReceipt(ctx, pledge.id, { amount: 9_000_000, receivedOn: '2025-06-10', receivedBy: 'K’ Thị Hoa, công chức VH-XH' });
	const household = await householdOf(db, '24997-', 'poor', ['poor', 'near_poor', 'escaped', 'none']);
	if (household)
		await createPairing(ctx, {
			household: household.id,
			helperKind: 'sponsor',
			sponsor: coffee.id,
			fromDate: '2025-06-01',
			goal: 'Trồng lại nửa héc-ta cà phê ghép, học tỉa cành và bón phân đúng cách'
		}).then((p) => recordVisit(ctx, p.id, { visitedOn: '2025-06-15', support: 'Giao 300 cây giống, cùng đào hố trồng', value: 3_000_000 }));
}

export async function seedMobilisation(db: Db): Promise<void> {
	await seedHaBinh(db);
	await seedDaQuyn(db);
}
