import { json, type RequestHandler } from '@sveltejs/kit';
import { t } from '$lib/i18n';

/** Any address under /api that no route serves: a JSON 404 in the API's error shape. */
const notFound: RequestHandler = ({ locals }) =>
	json({ error: { code: 'NOT_FOUND', message: t(locals.apiLocale, 'error.routeNotFound'), details: [] } }, { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
