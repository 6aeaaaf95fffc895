import { t } from '$lib/i18n';
import type { RequestHandler } from './$types';

/** The web app manifest that makes the village notebook installable (name in the chosen language). */
export const GET: RequestHandler = ({ locals }) => {
	const locale = locals.locale;
	const manifest = {
		id: '/field/',
		name: t(locale, 'field.appName'),
		short_name: t(locale, 'field.appShort'),
		description: t(locale, 'field.appDescription'),
		lang: locale,
		start_url: '/field/',
		scope: '/field/',
		display: 'standalone',
		orientation: 'portrait',
		background_color: '#fafaf8',
		theme_color: '#8a1c1c',
		icons: [
			{ src: '/field/icons/192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
			{ src: '/field/icons/512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
			{ src: '/field/icons/512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
			{ src: '/field/icon.svg', sizes: 'any', type: 'image/svg+xml' }
		]
	};
	return new Response(JSON.stringify(manifest), {
		headers: { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'no-cache' }
	});
};
