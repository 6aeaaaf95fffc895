import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { iconPng } from '$lib/field/icon-png';
import type { RequestHandler } from './$types';

const sizes: Record<string, number> = { '192.png': 192, '512.png': 512 };
const made = new Map<number, Buffer>();

/** The installable notebook's PNG icons (192 and 512 px), drawn once per process. */
export const GET: RequestHandler = ({ params, locals }) => {
	const size = sizes[params.file];
	if (!size) error(404, t(locals.locale, 'error.notFound'));
	let png = made.get(size);
	if (!png) made.set(size, (png = iconPng(size)));
	return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' } });
};
