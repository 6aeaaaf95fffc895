import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../access/actor';
import type { Locale } from '../../i18n';
import { t } from '../../i18n';
import { AppError } from '../errors';
import { endpoint, MAX_JSON_BYTES } from './endpoint';
import { toErrorBody } from './errors';

const officer: Actor = {
	userId: '00000000-0000-4000-8000-000000000002',
	username: 'can.bo',
	displayName: 'Cán bộ',
	grants: [],
	via: 'token'
};
/** Stands in for the database handle; the wrapper only passes it on. */
const db = { marker: 'db' } as never;

function event(opts: {
	method?: string;
	path?: string;
	params?: Record<string, string>;
	headers?: Record<string, string>;
	body?: string;
	actor?: Actor | null;
	badToken?: boolean;
	locale?: Locale;
}): RequestEvent {
	const url = new URL(opts.path ?? '/api/v1/thu', 'http://127.0.0.1');
	const request = new Request(url, { method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'), headers: opts.headers, body: opts.body });
	return {
		request,
		url,
		params: opts.params ?? {},
		locals: {
			actor: opts.actor === undefined ? officer : opts.actor,
			badToken: opts.badToken ?? false,
			apiLocale: opts.locale ?? 'vi',
			locale: opts.locale ?? 'vi',
			runtime: async () => ({ database: { db } })
		}
	} as unknown as RequestEvent;
}

const jsonHeaders = { 'content-type': 'application/json' };
const echo = endpoint(
	{
		summary: 'echo',
		tags: ['test'],
		auth: 'user',
		params: z.object({ code: z.string().regex(/^[A-Z0-9-]+$/) }),
		query: z.object({ limit: z.coerce.number().int().min(1).max(10).default(5) }),
		body: z.object({ name: z.string().min(1) }).strict(),
		status: 201
	},
	async ({ params, query, body, actor, db: handed, locale }) => ({ params, query, body, actor: actor.username, db: handed, locale })
);
const call = async (handler: (e: RequestEvent) => Promise<Response>, e: RequestEvent) => {
	const res = await handler(e);
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
};
const good = { params: { code: 'C1' }, path: '/api/v1/thu?limit=7', headers: jsonHeaders, body: JSON.stringify({ name: 'Xã Một' }) };

describe('endpoint wrapper', () => {
	it('validates params, query and body, then hands them to the handler with the actor and database', async () => {
		const res = await call(echo, event(good));
		expect(res.status).toBe(201);
		expect(res.body).toEqual({ params: { code: 'C1' }, query: { limit: 7 }, body: { name: 'Xã Một' }, actor: 'can.bo', db: { marker: 'db' }, locale: 'vi' });
		expect(echo.spec.summary).toBe('echo');
	});

	it('refuses anonymous callers with 401 and a Bearer challenge; a bad token says so', async () => {
		const anonymous = await call(echo, event({ ...good, actor: null }));
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
		expect(anonymous.body.error).toEqual({ code: 'UNAUTHENTICATED', message: t('vi', 'error.unauthenticated'), details: [] });
		const badToken = await call(echo, event({ ...good, actor: null, badToken: true, locale: 'en' }));
		expect(badToken.status).toBe(401);
		expect(badToken.body.error.message).toBe(t('en', 'error.badToken'));
	});

	it('public endpoints answer anyone', async () => {
		const open = endpoint({ summary: 'open', tags: ['test'], auth: 'public' }, async ({ actor }) => ({ who: actor?.username ?? null }));
		expect(await call(open, event({ actor: null }))).toMatchObject({ status: 200, body: { who: null } });
	});

	it('answers invalid input with 400 VALIDATION and the path of each problem, in the chosen language', async () => {
		const vi = await call(echo, event({ ...good, params: { code: 'xã một' }, path: '/api/v1/thu?limit=99' }));
		expect(vi.status).toBe(400);
		expect(vi.body.error.code).toBe('VALIDATION');
		expect(vi.body.error.message).toBe(t('vi', 'error.validation'));
		expect(vi.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['code']);
		const query = await call(echo, event({ ...good, path: '/api/v1/thu?limit=99', locale: 'en' }));
		expect(query.body.error.details).toEqual([{ path: 'limit', message: expect.stringMatching(/10/) }]);
		const extra = await call(echo, event({ ...good, body: JSON.stringify({ name: 'x', admin: true }) }));
		expect(extra.status).toBe(400);
	});

	it('reads JSON only, within the size limit', async () => {
		const wrongType = await call(echo, event({ ...good, headers: { 'content-type': 'text/plain' } }));
		expect(wrongType).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
		const problemJson = await call(echo, event({ ...good, headers: { 'content-type': 'application/merge-patch+json' } }));
		expect(problemJson.status).toBe(201);
		const declared = await call(echo, event({ ...good, headers: { ...jsonHeaders, 'content-length': String(MAX_JSON_BYTES + 1) } }));
		expect(declared).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
		const actual = await call(echo, event({ ...good, body: JSON.stringify({ name: 'x'.repeat(MAX_JSON_BYTES) }) }));
		expect(actual.status).toBe(413);
		const broken = await call(echo, event({ ...good, body: '{"name":' }));
		expect(broken).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: t('vi', 'error.invalidJson') } } });
	});

	it('maps an AppError to its status and message; an unexpected error to 500 without its text', async () => {
		const failing = (err: unknown) =>
			endpoint({ summary: 'fail', tags: ['test'], auth: 'user' }, async () => {
				throw err;
			});
		expect(await call(failing(new AppError('FORBIDDEN', 'error.forbidden')), event({}))).toMatchObject({
			status: 403,
			body: { error: { code: 'FORBIDDEN', message: t('vi', 'error.forbidden') } }
		});
		expect(await call(failing(new AppError('CONFLICT', 'user.usernameTaken', { username: 'an' })), event({ locale: 'en' }))).toMatchObject({
			status: 409,
			body: { error: { message: t('en', 'user.usernameTaken', { username: 'an' }) } }
		});
		const crash = await call(failing(new Error('password=secret in a stack trace')), event({}));
		expect(crash.status).toBe(500);
		expect(crash.body.error).toEqual({ code: 'INTERNAL', message: t('vi', 'error.internal'), details: [] });
		expect(JSON.stringify(crash.body)).not.toContain('secret');
	});

	it('204 has no body; a Response from the handler passes through', async () => {
		const empty = endpoint({ summary: 'empty', tags: ['test'], auth: 'user', status: 204 }, async () => ({}));
		const res = await empty(event({}));
		expect(res.status).toBe(204);
		expect(await res.text()).toBe('');
		const raw = endpoint({ summary: 'raw', tags: ['test'], auth: 'user' }, async () => new Response('a,b\n', { headers: { 'content-type': 'text/csv' } }));
		const csv = await raw(event({}));
		expect(csv.headers.get('content-type')).toBe('text/csv');
		expect(await csv.text()).toBe('a,b\n');
	});
});

describe('toErrorBody', () => {
	it('shows a catalog message named by a schema in the chosen language', () => {
		const schema = z.object({ password: z.string().min(10, 'user.passwordShort') });
		const err = schema.safeParse({ password: 'ngan' }).error!;
		expect(toErrorBody(err, 'vi').body.error.details).toEqual([{ path: 'password', message: t('vi', 'user.passwordShort', { min: 10 }) }]);
		expect(toErrorBody(err, 'en').body.error.details[0].message).toBe(t('en', 'user.passwordShort', { min: 10 }));
	});

	it('gives every error code its HTTP status', () => {
		const cases: [AppError, number][] = [
			[new AppError('VALIDATION', 'error.validation'), 400],
			[new AppError('UNAUTHENTICATED', 'error.unauthenticated'), 401],
			[new AppError('FORBIDDEN', 'error.forbidden'), 403],
			[new AppError('NOT_FOUND', 'error.notFound'), 404],
			[new AppError('CONFLICT', 'error.conflict'), 409],
			[new AppError('LOCKED', 'login.locked', { minutes: 3 }), 423],
			[new AppError('TOO_MANY_REQUESTS', 'error.tooMany'), 429]
		];
		for (const [err, status] of cases) expect(toErrorBody(err, 'vi').status, err.code).toBe(status);
	});
});
