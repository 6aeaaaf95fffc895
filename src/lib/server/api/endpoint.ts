import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '../access/actor';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Locale } from '../../i18n';
import { toErrorBody } from './errors';

/** Largest JSON body the API reads (uploads have their own limits). */
export const MAX_JSON_BYTES = 1_000_000;

export interface EndpointSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
	summary: string;
	tags: string[];
	/** `user`: a session or a bearer token is required; `public`: anyone. */
	auth: 'user' | 'public';
	params?: P;
	query?: Q;
	body?: B;
	/** The success body (documented); `status` defaults to 200. */
	response?: R;
	status?: number;
	/** Content types other than JSON that the route answers with (exports, documents). */
	produces?: string[];
	/** Content types other than JSON that the route reads (uploads). */
	consumes?: string[];
}

export interface EndpointArgs<P, Q, B> {
	event: RequestEvent;
	db: Db;
	actor: Actor;
	locale: Locale;
	params: P;
	query: Q;
	body: B;
}

export type Handler = ((event: RequestEvent) => Promise<Response>) & { spec: EndpointSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType> };

function queryObject(url: URL): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of url.searchParams) out[k] = v;
	return out;
}

async function readJson(event: RequestEvent): Promise<unknown> {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/(.+\+)?json\b/i.test(type.trim()))
		throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'error.unsupportedType', { type: type.slice(0, 60) || '—' });
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > MAX_JSON_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '1 MB' });
	let text: string;
	try {
		text = await event.request.text();
	} catch (err) {
		// A body sent without a length is cut off at the server's limit (BODY_SIZE_LIMIT) while read.
		if ((err as { status?: unknown }).status === 413) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '1 MB' });
		throw err;
	}
	if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'error.tooLarge', { limit: '1 MB' });
	try {
		return JSON.parse(text);
	} catch {
		throw new AppError('VALIDATION', 'error.invalidJson');
	}
}

/**
 * Wraps an API handler: authenticate → validate params, query and body with zod → call the
 * handler (which authorises and calls one service) → JSON. Every error leaves as
 * `{ error: { code, message, details } }` with its status; the spec feeds the OpenAPI document.
 */
export function endpoint<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
	spec: EndpointSpec<P, Q, B, R>,
	handler: (args: EndpointArgs<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<z.infer<R> | Response>
): Handler {
	const fn = async (event: RequestEvent): Promise<Response> => {
		const locale = event.locals.apiLocale;
		try {
			if (spec.auth === 'user' && !event.locals.actor) {
				if (event.locals.badToken) throw new AppError('UNAUTHENTICATED', 'error.badToken');
				throw new AppError('UNAUTHENTICATED', 'error.unauthenticated');
			}
			const params = spec.params ? spec.params.parse(event.params) : undefined;
			const query = spec.query ? spec.query.parse(queryObject(event.url)) : undefined;
			const body = spec.body ? spec.body.parse(await readJson(event)) : undefined;
			const db = (await event.locals.runtime()).database.db;
			const result = await handler({
				event,
				db,
				actor: event.locals.actor!,
				locale,
				params: params as z.infer<P>,
				query: query as z.infer<Q>,
				body: body as z.infer<B>
			});
			if (result instanceof Response) return result;
			if (spec.status === 204) return new Response(null, { status: 204 });
			return json(result, { status: spec.status ?? 200 });
		} catch (err) {
			const { status, body } = toErrorBody(err, locale);
			return json(body, { status, headers: status === 401 ? { 'www-authenticate': 'Bearer' } : undefined });
		}
	};
	return Object.assign(fn, { spec: spec as never });
}
