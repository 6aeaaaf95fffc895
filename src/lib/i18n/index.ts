import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey };
export type Locale = 'vi' | 'en';
export const locales: Locale[] = ['vi', 'en'];
export const defaultLocale: Locale = 'vi';

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}

export function isMessageKey(value: string): value is MessageKey {
	return value in vi;
}

/**
 * Looks a message up and fills its `{name}` placeholders. A parameter may be given per language as
 * `name_vi` / `name_en` (a platform's name, a form's name), which wins over a plain `name`.
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
	const template = catalogs[locale][key] ?? vi[key] ?? key;
	return template.replace(/\{(\w+)\}/g, (m, name: string) => {
		const value = params[`${name}_${locale}`] ?? params[name];
		return value === undefined ? m : String(value);
	});
}

/** Both languages, Vietnamese first, for places that show one message to everybody (the command line). */
export function tBoth(key: MessageKey, params: Record<string, string | number> = {}): string {
	const v = t('vi', key, params);
	const e = t('en', key, params);
	return v === e ? v : `${v} / ${e}`;
}

/** A translator bound to one locale, handed to pages. */
export function translator(locale: Locale) {
	return (key: MessageKey, params?: Record<string, string | number>) => t(locale, key, params);
}

/** Picks the locale from the remembered choice, else the browser's Accept-Language, else Vietnamese. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
	return first === 'en' ? 'en' : defaultLocale;
}
