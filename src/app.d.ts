import type { Actor } from '$lib/server/access/actor';
import type { Runtime } from '$lib/server/runtime';
import type { Locale } from '$lib/i18n';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in user or API token, or null for anonymous visitors. */
			actor: Actor | null;
			/** True when a bearer token was sent but is not valid. */
			badToken: boolean;
			/** Language of pages: the remembered choice, else Vietnamese. */
			locale: Locale;
			/** Language of API messages: the remembered choice, else Accept-Language, else Vietnamese. */
			apiLocale: Locale;
			runtime(): Promise<Runtime>;
		}
		interface Error {
			message: string;
			code?: string;
		}
	}
}

export {};
