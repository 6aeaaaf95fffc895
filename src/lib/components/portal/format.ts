/** A calendar date "2026-11-22" as people write it: 22/11/2026 in Vietnamese, 22 Nov 2026 in English. */
export function formatDate(iso: string | null | undefined, locale: string | undefined): string {
	if (!iso) return '';
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	if (!m) return iso;
	if (locale === 'en') {
		const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
		return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
	}
	return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Weekday and date, for schedules: "Thứ Hai, 23/11/2026" / "Mon 23 Nov 2026". */
export function formatDay(iso: string, locale: string | undefined): string {
	const d = new Date(`${iso}T00:00:00Z`);
	const w = d.getUTCDay();
	const vi = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
	const en = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
	return locale === 'en' ? `${en[w]} ${formatDate(iso, locale)}` : `${vi[w]}, ${formatDate(iso, locale)}`;
}
