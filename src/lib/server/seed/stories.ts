import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { systemActor, type Actor } from '../access/actor';
import { actorForUser } from '../auth/grants';
import { getUserByUsername } from '../modules/users/users.service';
import { householdClassifications, households } from '../modules/households/households.tables';
import { units } from '../modules/units/units.tables';
import { bandedPng } from '../modules/activities/activities.images';
import { createStory } from '../modules/stories/stories.service';
import { recordStoryConsent } from '../modules/stories/stories.consents';
import { addStoryPhoto } from '../modules/stories/stories.photos';
import { approveStory, nominateStory, publishStory, submitStory } from '../modules/stories/stories.workflow';
import type { ConsentMethod, StoryCreateInput } from '../modules/stories/stories.schemas';

/**
 * Demo stories of Hà Bình and Đa Quyn, three published in each: a household that left poverty
 * (its categories of 2025 and 2026 read from the demo register), a women's savings group, and a
 * young person who came home with a trade. Each has the consent of the people it shows and a
 * small photo drawn in code; one story per commune is nominated for commendation. Written for
 * the demonstration; every step goes through the services.
 */

type Colour = [number, number, number];

interface DemoStory extends Omit<StoryCreateInput, 'householdId'> {
	/** Household stories: the village whose register gives a household poor in 2025 and out of it in 2026. */
	householdVillagePrefix?: string;
	consents: { personName: string; method: ConsentMethod }[];
	photo: { alt: string; caption: string; colours: Colour[] };
	nominate?: string;
}

const habinh = (head: string): DemoStory[] => [
	{
		unit: '16108',
		subjectKind: 'household',
		subjectName: `Gia đình ông ${head}`,
		householdVillagePrefix: '16108-',
		beforeYear: 2025,
		afterYear: 2026,
		title: 'Hai con bò giống và một năm không nghỉ',
		summary: 'Nhận bò giống từ chương trình hỗ trợ sinh kế, cả nhà cùng trồng cỏ, học cách chăm bò sinh sản; sau một năm đã đủ thu nhập ra khỏi diện hộ nghèo.',
		whatTheyDid:
			'Đầu năm 2025, gia đình được xã chọn nhận hai con bò cái giống theo dự án hỗ trợ phát triển sản xuất. Ông dành nửa sào ruộng trũng để trồng cỏ voi, làm lại chuồng có rãnh thoát phân.\n\n' +
			'Ông theo đủ ba buổi tập huấn của cán bộ thú y xã, ghi sổ ngày phối giống, tiêm phòng đúng lịch. Vợ ông nhận thêm việc may gia công tại nhà buổi tối.',
		results:
			'Cuối năm, một con bò đã đẻ bê, đàn bò không con nào ốm. Thu nhập bình quân của gia đình vượt chuẩn nghèo; kỳ rà soát cuối năm, thôn bình xét gia đình ra khỏi diện hộ nghèo.\n\n' +
			'Ông nhận lời chia sẻ kinh nghiệm trồng cỏ cho bốn hộ khác trong thôn.',
		consents: [{ personName: head, method: 'signed_form' }],
		photo: { alt: 'Hai con bò nâu đứng cạnh chuồng mới lợp tôn, phía sau là ruộng cỏ voi xanh.', caption: 'Chuồng bò làm lại năm 2025', colours: [[120, 170, 90], [150, 100, 60], [200, 200, 190]] },
		nominate: 'Tự lực vươn lên, dùng đúng mục đích vốn hỗ trợ và hướng dẫn lại cho các hộ khác trong thôn.'
	},
	{
		unit: '16108-01',
		subjectKind: 'group',
		subjectName: 'Tổ phụ nữ tiết kiệm thôn Đông Sơn',
		title: 'Mười lăm chị em, mỗi tháng một trăm nghìn',
		summary: 'Tổ tiết kiệm xoay vòng của chi hội phụ nữ giúp các chị không phải vay nóng khi cần mua giống, đóng học phí cho con.',
		whatTheyDid:
			'Từ năm 2024, mười lăm chị trong chi hội phụ nữ thôn thỏa thuận mỗi tháng góp một trăm nghìn đồng. Mỗi kỳ, một chị được nhận toàn bộ số tiền góp, theo thứ tự bốc thăm, ưu tiên chị nào đang cần gấp.\n\n' +
			'Tổ họp vào tối mùng năm hằng tháng ở nhà văn hóa thôn, sổ góp có chữ ký của cả tổ, trưởng thôn làm chứng.',
		results:
			'Sau hai năm, bảy chị đã dùng tiền xoay vòng mua lợn giống hoặc máy khâu; không chị nào phải vay lãi ngoài. Hai hộ cận nghèo trong tổ đã có thu nhập ổn định hơn.',
		consents: [
			{ personName: 'Chị tổ trưởng tổ tiết kiệm', method: 'signed_form' },
			{ personName: 'Các thành viên có mặt trong ảnh', method: 'verbal_witnessed' }
		],
		photo: { alt: 'Các chị trong tổ tiết kiệm ngồi quanh bàn ở nhà văn hóa thôn, một chị ghi sổ góp vốn.', caption: 'Buổi họp tổ tháng Chín', colours: [[230, 180, 120], [180, 80, 90], [240, 230, 210]] }
	},
	{
		unit: '16108',
		subjectKind: 'person',
		subjectName: 'Anh Lê Văn Toàn, thôn Bình Lâm',
		title: 'Rời khu công nghiệp, về mở tiệm sửa xe đầu làng',
		summary: 'Sau sáu năm làm công nhân, anh Toàn học nghề sửa xe máy rồi về quê mở tiệm, nhận thêm hai thanh niên trong thôn học việc.',
		whatTheyDid:
			'Anh Toàn từng làm công nhân lắp ráp ở tỉnh xa. Năm 2024, anh đăng ký lớp sửa chữa xe máy ba tháng do huyện mở cho lao động nông thôn, được hỗ trợ học phí và tiền ăn.\n\n' +
			'Học xong, anh vay vốn giải quyết việc làm của Ngân hàng Chính sách xã hội để mua dụng cụ, thuê mặt bằng nhỏ ở ngã ba đầu làng.',
		results: 'Tiệm mở cửa hằng ngày, thu nhập đủ nuôi gia đình, anh được ở gần bố mẹ già. Hai thanh niên trong thôn đang học việc tại tiệm.',
		consents: [{ personName: 'Lê Văn Toàn', method: 'signed_form' }],
		photo: { alt: 'Anh Toàn ngồi xổm bên chiếc xe máy đang tháo bánh trước, trong tiệm treo nhiều dụng cụ.', caption: 'Tiệm sửa xe ở ngã ba đầu làng', colours: [[60, 70, 90], [200, 120, 40], [170, 170, 170]] }
	}
];

const daquyn = (head: string): DemoStory[] => [
	{
		unit: '24997',
		subjectKind: 'household',
		subjectName: `Gia đình ${head}`,
		householdVillagePrefix: '24997-',
		beforeYear: 2025,
		afterYear: 2026,
		title: 'Cà phê ghép giống mới trên rẫy cũ',
		summary: 'Được hướng dẫn ghép cải tạo vườn cà phê già cỗi, gia đình tăng sản lượng và ra khỏi diện hộ nghèo sau một vụ.',
		whatTheyDid:
			'Vườn cà phê của gia đình đã trồng hơn hai mươi năm, năng suất thấp. Năm 2025, gia đình tham gia mô hình ghép cải tạo do trạm khuyến nông hướng dẫn, được hỗ trợ chồi ghép và phân bón.\n\n' +
			'Cả nhà làm cỏ, tủ gốc giữ ẩm, đào hố trữ nước cạnh rẫy cho mùa khô.',
		results: 'Vụ thu hoạch cuối năm cho sản lượng gần gấp rưỡi năm trước. Kỳ rà soát cuối năm, gia đình ra khỏi diện hộ nghèo và đăng ký học thêm lớp sơ chế cà phê.',
		consents: [{ personName: head, method: 'thumbprint' }],
		photo: { alt: 'Hàng cà phê xanh mới ghép trên sườn đồi đất đỏ, gốc cây được phủ rơm.', caption: 'Vườn cà phê sau khi ghép cải tạo', colours: [[60, 120, 60], [150, 70, 40], [200, 220, 180]] },
		nominate: 'Mạnh dạn thay đổi cách canh tác, là hộ đồng bào dân tộc thiểu số đầu tiên của thôn làm theo mô hình.'
	},
	{
		unit: '24997-02',
		subjectKind: 'group',
		subjectName: 'Nhóm phụ nữ dệt thổ cẩm thôn Ma Đanh',
		title: 'Góp vốn xoay vòng để giữ nghề dệt',
		summary: 'Nhóm mười hai chị em vừa dệt thổ cẩm vừa góp tiết kiệm xoay vòng, có tiền mua sợi và bán hàng qua hợp tác xã.',
		whatTheyDid:
			'Các chị góp mỗi tháng năm mươi nghìn đồng vào quỹ chung của nhóm. Tiền quỹ dùng mua sợi theo lô lớn cho rẻ, rồi xoay vòng cho chị nào cần vốn làm rẫy.\n\n' +
			'Hội Phụ nữ xã kết nối nhóm với một hợp tác xã du lịch để nhận đơn hàng khăn, túi.',
		results: 'Mỗi chị có thêm thu nhập đều từ dệt vải trong mùa nông nhàn. Nhóm đã dạy nghề cho năm em gái trong thôn.',
		consents: [
			{ personName: 'Trưởng nhóm dệt', method: 'signed_form' },
			{ personName: 'Các chị dệt vải trong ảnh', method: 'verbal_witnessed' }
		],
		photo: { alt: 'Hai chị ngồi bên khung dệt gỗ, tấm vải thổ cẩm đỏ đen có hoa văn hình thoi.', caption: 'Khung dệt của nhóm', colours: [[170, 30, 40], [30, 30, 30], [230, 200, 80]] }
	},
	{
		unit: '24997',
		subjectKind: 'person',
		subjectName: 'Chị Ka Lim, thôn Kon Pang',
		title: 'Học nghề may ở thành phố, về làng mở lớp',
		summary: 'Chị Ka Lim học may hai năm rồi trở về thôn nhận may đo và dạy nghề cho chị em không có điều kiện đi xa.',
		whatTheyDid:
			'Sau khi học xong cấp ba, chị xuống thành phố học nghề may và làm thợ phụ ở một tiệm may. Năm 2025, chị về thôn, mượn gian nhà của gia đình làm tiệm.\n\n' +
			'Chị đăng ký vay vốn hỗ trợ thanh niên khởi nghiệp qua Đoàn xã để mua hai máy may công nghiệp.',
		results: 'Tiệm nhận may đồng phục học sinh và áo truyền thống cho cả xã. Ba chị em trong thôn đã theo học và bắt đầu nhận hàng về may tại nhà.',
		consents: [{ personName: 'Ka Lim', method: 'signed_form' }],
		photo: { alt: 'Chị Ka Lim đứng bên máy may, tay cầm thước dây, phía sau treo những chiếc áo đã may xong.', caption: 'Tiệm may của chị Ka Lim', colours: [[90, 60, 120], [240, 240, 240], [200, 150, 180]] }
	}
];

async function actorOf(db: Db, username: string): Promise<Actor> {
	return actorForUser(db, await getUserByUsername(db, username), 'session');
}

/** A household of the demo register that was poor in 2025 and out of poverty in 2026, in the villages given. */
async function householdThatLeftPoverty(db: Db, villagePrefix: string) {
	const after = sql`(SELECT category FROM household_classifications a WHERE a.household_id = ${households.id} AND a.year = 2026)`;
	const [row] = await db
		.select({ id: households.id, headName: households.headName })
		.from(households)
		.innerJoin(units, eq(units.id, households.unitId))
		.innerJoin(householdClassifications, and(eq(householdClassifications.householdId, households.id), eq(householdClassifications.year, 2025)))
		.where(and(sql`${units.code} LIKE ${villagePrefix + '%'}`, eq(householdClassifications.category, 'poor'), sql`${after} IN ('escaped', 'none')`, sql`${households.mergedIntoId} IS NULL`))
		.orderBy(asc(units.code), asc(households.headNameNorm))
		.limit(1);
	return row;
}

async function seedCommune(db: Db, writer: Actor, approver: Actor, stories: (head: string) => DemoStory[], villagePrefix: string) {
	const household = await householdThatLeftPoverty(db, villagePrefix);
	for (const s of stories(household?.headName ?? '')) {
		if (s.subjectKind === 'household' && !household) continue;
		const { householdVillagePrefix, consents, photo, nominate, ...input } = s;
		const story = await createStory({ db, actor: writer }, { ...input, householdId: householdVillagePrefix ? household!.id : undefined });
		for (const c of consents) await recordStoryConsent({ db, actor: writer }, story.id, { personName: c.personName, givenOn: '2026-01-15', method: c.method });
		await addStoryPhoto({ db, actor: writer }, story.id, { alt: photo.alt, caption: photo.caption }, { bytes: bandedPng(48, 32, photo.colours), name: 'anh.png' });
		await submitStory({ db, actor: writer }, story.id);
		await approveStory({ db, actor: approver }, story.id);
		await publishStory({ db, actor: approver }, story.id);
		if (nominate) await nominateStory({ db, actor: approver }, story.id, { reason: nominate });
	}
}

export async function seedStories(db: Db): Promise<void> {
	await seedCommune(db, await actorOf(db, 'canbo.habinh'), await actorOf(db, 'chutich.habinh'), habinh, '16108-');
	// Đa Quyn has no chair among the demo accounts: the system approves its stories.
	await seedCommune(db, await actorOf(db, 'canbo.daquyn'), systemActor, daquyn, '24997-');
}
