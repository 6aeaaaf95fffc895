import type { DocumentBlock, OfficialDocument } from '../../documents/model';
import { renderDocx } from '../../documents';
import type { EventKind } from './events.schemas';

/** Everything the minutes print, gathered by the service (plain text; the renderer escapes it). */
export interface MinutesSource {
	kind: EventKind;
	title: string;
	/** The organising unit as named in the register ("Xã Hà Bình"). */
	unitName: string;
	unitLevel: string;
	place: string | null;
	date: string;
	startTime: string | null;
	endTime: string | null;
	agenda: string[];
	invitedGroups: string[];
	invitedVillages: string[];
	/** Participants by audience group name, and the households present from the register. */
	counts: { group: string; count: number }[];
	households: number;
	registrations: number;
	minutes: { chair: string | null; secretary: string | null; attendance: string | null; summary: string | null; conclusions: string | null };
	questions: { trackingCode: string; body: string; askedBy: string | null; answeredAtEvent: string | null }[];
}

const kindWords: Record<EventKind, string> = {
	dialogue: 'Hội nghị đối thoại',
	contest: 'Hội thi',
	cultural: 'Chương trình văn hóa, văn nghệ',
	conference: 'Hội nghị',
	other: 'Sự kiện'
};

const levelWords: Record<string, string> = { province: 'tỉnh', commune: 'xã', village: 'thôn', district: 'huyện' };
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

/** "Hội nghị đối thoại chính sách giảm nghèo …": the event's own title when it already says what it is. */
export function minutesTitle(kind: EventKind, title: string): string {
	const lead = kindWords[kind];
	const t = title.trim();
	if (t.toLocaleLowerCase('vi').startsWith(lead.toLocaleLowerCase('vi'))) return t;
	if (kind === 'dialogue' && /^đối thoại/iu.test(t)) return `Hội nghị ${lowerFirst(t)}`;
	return `${lead} ${lowerFirst(t)}`;
}

/** The unit's short name for the place-and-date line: "Xã Hà Bình" → "Hà Bình". */
function placeName(unitName: string): string {
	return unitName.replace(/^(Xã|Phường|Thị trấn|Tỉnh|Thành phố|Thôn|Bản|Tổ dân phố)\s+/iu, '').trim() || unitName;
}

function dateWords(iso: string, time: string | null): string {
	const [y, m, d] = iso.split('-');
	const at = time ? `vào hồi ${time.replace(':', ' giờ ')} phút, ` : '';
	return `${at}ngày ${d} tháng ${m} năm ${y}`;
}

/** The minutes as an official document (Decree 30 frame, "BIÊN BẢN"); the chair signs, the secretary above. */
export function minutesDocument(s: MinutesSource): OfficialDocument {
	const body: DocumentBlock[] = [];
	const m = s.minutes;
	const what = minutesTitle(s.kind, s.title);
	const issuerWords = `Ủy ban nhân dân ${lowerFirst(s.unitName)}`;
	body.push({
		kind: 'paragraph',
		text: `Hôm nay, ${dateWords(s.date, s.startTime)}${s.place ? `, tại ${s.place}` : ''}, ${issuerWords} tổ chức ${lowerFirst(what)}.`
	});

	body.push({ kind: 'heading', level: 1, number: 'I.', text: 'THÀNH PHẦN THAM DỰ' });
	body.push({ kind: 'paragraph', marker: '1.', text: [{ text: 'Chủ trì: ', bold: true }, { text: m.chair ?? '……………………………………' }] });
	body.push({ kind: 'paragraph', marker: '2.', text: [{ text: 'Thư ký: ', bold: true }, { text: m.secretary ?? '……………………………………' }] });
	const invited = [s.invitedGroups.join(', '), s.invitedVillages.length ? `người dân ${s.invitedVillages.join(', ')}` : ''].filter(Boolean).join('; ');
	if (invited) body.push({ kind: 'paragraph', marker: '3.', text: [{ text: 'Thành phần mời: ', bold: true }, { text: invited }] });
	const present = m.attendance ?? '';
	const total = s.counts.reduce((n, c) => n + c.count, 0);
	body.push({
		kind: 'paragraph',
		marker: invited ? '4.' : '3.',
		text: [
			{ text: 'Số người tham dự: ', bold: true },
			{ text: `${total} người${s.households ? `, trong đó ${s.households} hộ có tên trong danh sách hộ của ${levelWords[s.unitLevel] ?? 'đơn vị'}` : ''}${s.registrations ? `; ${s.registrations} người đăng ký trước` : ''}.${present ? ` ${present}` : ''}` }
		]
	});
	if (s.counts.length) {
		body.push({
			kind: 'table',
			caption: 'Số người tham dự theo nhóm',
			header: ['TT', 'Nhóm đối tượng', 'Số người'],
			rows: [...s.counts.map((c, i) => [String(i + 1), c.group, String(c.count)]), ['', 'Tổng cộng', String(total)]],
			widths: [1, 6, 2],
			numericColumns: [2]
		});
	}

	body.push({ kind: 'heading', level: 1, number: 'II.', text: 'NỘI DUNG' });
	body.push({ kind: 'heading', level: 2, number: '1.', text: 'Chương trình' });
	if (s.agenda.length) s.agenda.forEach((a) => body.push({ kind: 'paragraph', marker: '-', text: a }));
	else body.push({ kind: 'paragraph', text: '……………………………………' });
	body.push({ kind: 'heading', level: 2, number: '2.', text: 'Diễn biến' });
	body.push({ kind: 'paragraph', text: m.summary ?? '……………………………………' });

	body.push({ kind: 'heading', level: 1, number: 'III.', text: 'Ý KIẾN CỦA NGƯỜI DÂN VÀ TRẢ LỜI' });
	if (!s.questions.length) body.push({ kind: 'paragraph', text: 'Không có ý kiến.' });
	s.questions.forEach((q, i) => {
		body.push({
			kind: 'paragraph',
			marker: `${i + 1}.`,
			text: [{ text: `Ý kiến${q.askedBy ? ` của ${q.askedBy}` : ''} (mã theo dõi ${q.trackingCode}): `, bold: true }, { text: q.body }]
		});
		body.push({
			kind: 'paragraph',
			depth: 1,
			text: [
				{ text: 'Trả lời: ', italic: true },
				{ text: q.answeredAtEvent ?? 'Hội nghị ghi nhận; ý kiến được chuyển giải quyết và trả lời theo quy định, người dân theo dõi bằng mã trên.' }
			]
		});
	});

	body.push({ kind: 'heading', level: 1, number: 'IV.', text: 'KẾT LUẬN' });
	body.push({ kind: 'paragraph', text: m.conclusions ?? '……………………………………' });
	body.push({
		kind: 'paragraph',
		text: `${kindWords[s.kind]} kết thúc${s.endTime ? ` vào hồi ${s.endTime.replace(':', ' giờ ')} phút` : ''} cùng ngày. Biên bản đã được đọc lại cho những người tham dự nghe và thống nhất thông qua.`
	});
	body.push({ kind: 'paragraph', align: 'left', text: [{ text: 'THƯ KÝ', bold: true }, { text: '\n(Ký, ghi rõ họ tên)\n\n\n' }, { text: m.secretary ?? '', bold: true }] });

	return {
		language: 'vi',
		parentIssuer: null,
		issuer: ['Ủy ban nhân dân', s.unitName],
		number: null,
		symbol: 'BB-UBND',
		place: placeName(s.unitName),
		date: s.date,
		documentType: 'BIÊN BẢN',
		title: what,
		body,
		recipients: [],
		signer: { authority: null, title: 'CHỦ TRÌ', name: m.chair }
	};
}

/** The minutes as a Word file in the official layout. */
export function renderMinutesDocx(s: MinutesSource): Promise<Buffer> {
	return renderDocx(minutesDocument(s));
}
