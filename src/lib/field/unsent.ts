import type { QueuedActivity } from './queue';

/**
 * How many records the notebook holds on this phone that the server has not stored, told to the
 * server in a cookie so that signing out (which clears the phone's stored data, see
 * routes/logout) can warn first, from any page and without JavaScript on the warning page.
 */
export const UNSENT_COOKIE = 'lantoa_field_unsent';

/** Records of every account on the phone that are not sent: signing out would delete them all. */
export function unsentCount(items: QueuedActivity[]): number {
	return items.filter((i) => i.state !== 'sent').length;
}

/** Sets (or, at zero, removes) the cookie; called by the notebook whenever it reads its queue. */
export function rememberUnsent(count: number): void {
	document.cookie = count > 0 ? `${UNSENT_COOKIE}=${count}; path=/; max-age=31536000; samesite=lax` : `${UNSENT_COOKIE}=; path=/; max-age=0; samesite=lax`;
}

/** The cookie's value as a count: anything but a plain number is none, and it is capped. */
export function parseUnsent(value: string | undefined | null): number {
	if (!value || !/^\d{1,6}$/.test(value)) return 0;
	return Math.min(Number(value), 99_999);
}
