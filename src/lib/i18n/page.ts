import { page } from '$app/state';
import { t, type Locale, type MessageKey } from './index';

/** Translates in a component, in the language the server chose for this page. */
export function _(key: MessageKey, params?: Record<string, string | number>): string {
	return t(((page.data as { locale?: Locale }).locale ?? 'vi') as Locale, key, params);
}
