import type { SectionKind } from '../plans.interchange';
import { fold } from './text';

/**
 * What the words of a plan mean for Lan Tỏa: the kind of a section from its heading, and the
 * catalogue codes (channels, audience groups, funding sources) a section names. Matching is on
 * folded text (no diacritics, lower case), so old and new accent placement ("hoá"/"hóa") agree.
 * The lists are in catalogue order (drizzle/*_catalog_seed.sql), which is the order returned.
 */

/** Folded heading → kind; the first rule that matches wins. */
const KIND_RULES: [RegExp, SectionKind][] = [
	[/muc (dich|tieu).*yeu cau|yeu cau.*muc (dich|tieu)/, 'purposes_requirements'],
	[/^muc (dich|tieu)/, 'purposes'],
	[/^yeu cau/, 'requirements'],
	[/doi tuong.*(pham vi|thoi gian)/, 'audiences_scope'],
	[/doi tuong/, 'audiences'],
	[/pham vi|thoi gian/, 'scope'],
	[/noi dung.*(hinh thuc|giai phap)|hinh thuc.*giai phap/, 'content_channels_solutions'],
	[/noi dung/, 'themes'],
	[/hinh thuc|phuong thuc/, 'channels'],
	[/giai phap/, 'solutions'],
	[/kinh phi|nguon luc|ngan sach/, 'funding'],
	[/to chuc thuc hien|phan cong|trach nhiem/, 'assignments']
];

/** The kind of a section, from its heading; null when the heading says nothing known. */
export function sectionKind(heading: string): SectionKind | null {
	const folded = fold(heading);
	return KIND_RULES.find(([pattern]) => pattern.test(folded))?.[1] ?? null;
}

const CHANNEL_RULES: [string, RegExp][] = [
	['loudspeaker', /loa truyen thanh|dai truyen thanh|he thong truyen thanh/],
	['portal', /(cong|trang) thong tin dien tu|website/],
	['facebook', /facebook/],
	['zalo', /zalo/],
	['sms', /tin nhan|\bsms\b/],
	['email', /thu dien tu|e-?mail/],
	['dialogue', /doi thoai/],
	['leaflet', /to roi|an pham|to gap|pano|ap phich/],
	['contest', /cuoc thi|van nghe/],
	['conference', /hoi nghi|hoi thao|toa dam/],
	['training', /tap huan|boi duong/],
	['emulation', /phong trao thi dua|cuoc van dong/],
	['home_visit', /(tai|den tung) ho gia dinh|tuyen truyen mieng/],
	['other', /hinh thuc[^.;]{0,40}\bkhac\b/]
];

const AUDIENCE_RULES: [string, RegExp][] = [
	['poor', /\bho ngheo/],
	['near_poor', /can ngheo/],
	['escaped', /moi thoat ngheo/],
	['ethnic_minority', /dan toc thieu so/],
	['village_head', /truong (cac )?(thon|ban|to dan pho)|ban nhan dan (cac )?thon/],
	['organisation_head', /(truong|nguoi dung dau) (cac )?doan the/],
	['poverty_staff', /lam cong tac giam ngheo/],
	['cadre', /dang vien|cong chuc|vien chuc/],
	['general_public', /nguoi dan|toan xa hoi|nhan dan/]
];

const FUNDING_RULES: [string, RegExp][] = [
	['central_programme', /du an 6|ngan sach (nha nuoc|trung uong)[^.;]{0,60}chuong trinh|kinh phi (thuc hien )?chuong trinh|chuong trinh (mtqg|muc tieu quoc gia)[^.;]{0,80}phan bo/],
	['local_budget', /ngan sach (dia phuong|xa|huyen|tinh)/],
	['legal_dissemination', /(tuyen truyen|pho bien)[^.;]{0,20}phap luat/],
	['socialised', /xa hoi hoa/]
];

function codesIn(rules: [string, RegExp][], texts: string[]): string[] {
	const folded = texts.map(fold).join('\n');
	return rules.filter(([, pattern]) => pattern.test(folded)).map(([code]) => code);
}

export const channelsIn = (texts: string[]) => codesIn(CHANNEL_RULES, texts);
export const audiencesIn = (texts: string[]) => codesIn(AUDIENCE_RULES, texts);
export const fundingSourcesIn = (texts: string[]) => codesIn(FUNDING_RULES, texts);
