import fc from 'fast-check';
import { textMightBeValid, type JsonSchema, type Operation } from './openapi';

export type Who = 'anonymous' | 'admin' | 'badBearer' | 'badCookie' | 'adminWithBadBearer';

export interface FuzzCase {
	op: Operation;
	method: string;
	path: string;
	who: Who;
	headers: Record<string, string>;
	body?: string | Buffer;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

// ---------------------------------------------------------------------------------------------
// Strings

const nasty = [
	'',
	' ',
	'../',
	'..',
	'../../../../etc/passwd',
	'..%2f..%2f',
	'%2e%2e%2f',
	'%',
	'%E0%A4%A',
	'%00',
	'\u0000',
	'\\',
	"' OR '1'='1",
	"'; DROP TABLE units; --",
	'1; SELECT pg_sleep(1)',
	'%_%',
	'__proto__',
	'constructor',
	'prototype',
	'null',
	'undefined',
	'NaN',
	'-1',
	'1e309',
	'0x10',
	'true',
	'[]',
	'{}',
	'<script>alert(1)</script>',
	'\u202e\u0301\ufeff',
	'\ud800',
	'Xã Hà Bình',
	'xa ha binh',
	'𝕏😀'
];

export const fuzzString: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.constantFrom(...nasty), weight: 3 },
	// Control characters inside otherwise ordinary text (PostgreSQL refuses NUL in text).
	{ arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\r\n'), fc.string({ maxLength: 8 })).map((p) => p.join('')), weight: 1 },
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 60 }), weight: 3 },
	{ arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 1 },
	{ arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
	// Longer than any limit, short enough to stay inside Node's 16 KB header limit once encoded.
	{ arbitrary: fc.integer({ min: 41, max: 3000 }).map((n) => 'a'.repeat(n)), weight: 1 },
	{ arbitrary: fc.string({ unit: 'binary', minLength: 100, maxLength: 400 }), weight: 1 }
);

/** Percent-encodes the UTF-8 bytes of `s`; lone surrogates become U+FFFD, as a browser would send. */
export function pct(s: string, keep: RegExp = /[A-Za-z0-9\-._~]/): string {
	let out = '';
	for (const ch of s) {
		if (keep.test(ch)) out += ch;
		else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

/** Either properly encoded, or "raw": printable ASCII left as typed (slashes, dots, %, ?, #). */
export const encodeArb = fc.constantFrom<(s: string) => string>(
	(s) => pct(s),
	(s) => pct(s, /[\x21-\x7e]/)
);

const realParams: Record<string, string[]> = {
	code: ['16108', '24997', '16108-01', '16108-02', '38', '38-HT', '68'],
	username: ['admin', 'canbo.habinh', 'truongthon.habinh', 'nobody.here'],
	id: ['00000000-0000-4000-8000-000000000000', 'ffffffff-ffff-4fff-bfff-ffffffffffff']
};

function paramArb(name: string): fc.Arbitrary<string> {
	const real = realParams[name];
	const fuzzed = fc.tuple(fuzzString, encodeArb).map(([s, enc]) => enc(s));
	if (!real) return fuzzed;
	return fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 2 }, { arbitrary: fuzzed, weight: 3 });
}

function queryArb(op: Operation): fc.Arbitrary<string> {
	const key = fc.oneof(
		{ arbitrary: op.queryParams.length ? fc.constantFrom(...op.queryParams) : fc.constant('q'), weight: 4 },
		{ arbitrary: fc.constantFrom('__proto__', 'constructor', '__proto__[admin]', 'limit[]', '', 'includeInactive'), weight: 1 },
		{ arbitrary: fuzzString, weight: 1 }
	);
	const value = fc.oneof(
		{ arbitrary: fc.constantFrom('true', 'false', '1', '0', '500', '501', '-1', '1.5', '99999999999999999999', 'change', '16108'), weight: 2 },
		{ arbitrary: fuzzString, weight: 3 }
	);
	return fc
		.tuple(fc.array(fc.tuple(key, value, encodeArb), { maxLength: 5 }), fc.boolean())
		.map(([pairs, bare]) => (pairs.length || bare ? '?' : '') + pairs.map(([k, v, enc]) => `${enc(k)}=${enc(v)}`).join('&'));
}

function pathArb(op: Operation): fc.Arbitrary<string> {
	const parts = op.path.split(/(\{\w+\})/).filter(Boolean);
	return fc
		.tuple(...parts.map((p) => (/^\{\w+\}$/.test(p) ? paramArb(p.slice(1, -1)) : fc.constant(p))))
		.map((segments) => segments.join(''));
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Characters Node accepts in a header value. */
const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e]/g, '');

const headerJunk = fc.oneof(
	fc.string({ maxLength: 40 }).map(headerSafe),
	fc.constantFrom('', ' ', ';', '=;;;', '%ZZ', '"', "'", '\t', 'null', 'a'.repeat(4000))
);

const badBearer = fc.oneof(
	fc.constantFrom('Bearer', 'Bearer ', 'bearer  ', 'Bearer lt_', 'Bearer null', 'Basic YWRtaW46bGFudG9hLWRlbW8=', 'Bearer ' + 'x'.repeat(5000), 'Bearer lt_' + 'A'.repeat(40)),
	headerJunk.map((j) => 'Bearer ' + j)
);

const badCookie = fc.oneof(
	fc.constantFrom('lantoa_session=', 'lantoa_session=%ZZ', 'lantoa_session=' + 'a'.repeat(3000), 'lantoa_session=1; lantoa_session=2', 'lang=xx', 'lang=en; lantoa_session="', '=;;;==', 'lantoa_session=\t'),
	headerJunk.map((j) => 'lantoa_session=' + j),
	headerJunk
);

const acceptLanguage = fc.option(
	fc.oneof(fc.constantFrom('en', 'vi', 'en-US,en;q=0.9', '*', 'xx-YY', ';q=', ',,,', 'e', 'EN', 'fr;q=1.5, en;q=abc'), headerJunk),
	{ nil: undefined }
);

const jsonTypes = ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json', 'application/json;charset=latin1'];
const otherTypes = [
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'multipart/form-data',
	'application/jsonx',
	'application/xml',
	'text/csv',
	'application/octet-stream',
	'',
	'*/*',
	';'
];

// ---------------------------------------------------------------------------------------------
// Bodies

const protoKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'roles', 'toString');

/** An object written as JSON text by hand, so that `__proto__` stays an own key as in JSON.parse. */
function objectText(entries: [string, unknown][]): string {
	return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + JSON.stringify(v)).join(',') + '}';
}

function objectArb(schema: JsonSchema | undefined): fc.Arbitrary<string> {
	const known = Object.keys(schema?.properties ?? {});
	const key = fc.oneof(
		{ arbitrary: known.length ? fc.constantFrom(...known) : fc.string(), weight: 3 },
		{ arbitrary: protoKeys, weight: 1 },
		{ arbitrary: fc.string({ maxLength: 10 }), weight: 1 }
	);
	const value = fc.oneof(
		fc.jsonValue({ maxDepth: 3 }),
		fuzzString,
		fc.constant({ __proto__: null, polluted: true }),
		fc.constant(JSON.parse('{"__proto__": {"isAdmin": true, "polluted": true}}'))
	);
	return fc.array(fc.tuple(key, value), { maxLength: 6 }).map(objectText);
}

const malformedText = fc.oneof(
	fc.constantFrom('', '{', '}', '{"a":', "{'a':1}", 'NaN', 'undefined', '[1,]', '{"a":1,}', '\u0000', '\uFEFF{', '{"__proto__":', 'null null', '{}{}', '/*{}*/', '{"a":1}x', '\ud800'),
	fc.string({ unit: 'binary', maxLength: 200 })
);

const deep = fc.integer({ min: 500, max: 20_000 }).chain((n) =>
	fc.constantFrom('['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n), '{"__proto__":'.repeat(n) + '{}' + '}'.repeat(n))
);

const huge = fc.constantFrom(
	// Over the API's 1 MB limit for JSON.
	'"' + 'x'.repeat(1_100_000) + '"',
	// Under it, but far over every field's limit.
	objectText([['name', 'ấ'.repeat(200_000)], ['__fuzz', 1]]),
	JSON.stringify(Array.from({ length: 50_000 }, (_, i) => i))
);

function jsonBodyArb(schema: JsonSchema | undefined): fc.Arbitrary<string> {
	const candidates = fc.oneof(
		{ arbitrary: objectArb(schema), weight: 5 },
		{ arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
		{ arbitrary: malformedText, weight: 3 },
		{ arbitrary: deep, weight: 1 },
		{ arbitrary: huge, weight: 1 }
	);
	return schema ? candidates.filter((text) => !textMightBeValid(text, schema)) : candidates;
}

function uploadArb(): fc.Arbitrary<Buffer> {
	return fc.oneof(
		fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
		fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s)),
		fc
			.string({ maxLength: 300 })
			.map((s) => Buffer.from(`--x\r\nContent-Disposition: form-data; name="file"; filename="../../a.csv"\r\nContent-Type: text/csv\r\n\r\n${s}\r\n--x`))
	);
}

function bodyArb(op: Operation): fc.Arbitrary<{ type?: string; body?: string | Buffer }> {
	const json = fc.record({ type: fc.oneof({ arbitrary: fc.constantFrom(...jsonTypes), weight: 4 }, { arbitrary: fc.constantFrom(...otherTypes), weight: 1 }), body: jsonBodyArb(op.jsonBody) });
	if (op.jsonBody) return json;
	if (op.otherBodyTypes.length)
		return fc.record({ type: fc.constantFrom(...op.otherBodyTypes, ...otherTypes, 'application/json'), body: uploadArb() });
	// No body is read: send none, or anything at all.
	return fc.oneof(fc.constant({}), json);
}

/** Every request the fuzzer may send for one operation. */
export function caseArb(op: Operation, appOrigin: string): fc.Arbitrary<FuzzCase> {
	return fc
		.record({
			method: fc.oneof({ arbitrary: fc.constant(op.method), weight: 8 }, { arbitrary: fc.constantFrom(...METHODS), weight: 1 }),
			path: pathArb(op),
			query: queryArb(op),
			who: fc.constantFrom<Who>('anonymous', 'admin', 'admin', 'admin', 'badBearer', 'badCookie', 'adminWithBadBearer'),
			bearer: badBearer,
			cookie: badCookie,
			acceptLanguage,
			accept: fc.option(fc.constantFrom('*/*', 'text/html', 'application/xml', 'application/json;q=0', ''), { nil: undefined }),
			// Same-origin gets past the cross-site form check (src/lib/server/http/csrf.ts) to the API's own checks.
			origin: fc.constantFrom<'none' | 'same' | 'foreign'>('none', 'same', 'foreign'),
			body: bodyArb(op)
		})
		.map(({ method, path, query, who, bearer, cookie, acceptLanguage, accept, origin, body }) => {
			const headers: Record<string, string> = {};
			if (origin === 'same') headers.origin = appOrigin;
			if (origin === 'foreign') headers.origin = 'http://evil.example';
			if (who === 'badBearer' || who === 'adminWithBadBearer') headers.authorization = bearer;
			if (who === 'badCookie') headers.cookie = cookie;
			if (acceptLanguage !== undefined) headers['accept-language'] = acceptLanguage;
			if (accept !== undefined) headers.accept = accept;
			if (body.type !== undefined) headers['content-type'] = body.type;
			return { op, method, path: path + query, who, headers, body: body.body };
		});
}

/** The pathname SvelteKit routes on: resolved like a URL (dot segments, `%2e`), then decodeURI. */
export function routedPath(origin: string, rawPath: string): string {
	let p = new URL(origin + rawPath).pathname;
	try {
		p = decodeURI(p);
	} catch {
		/* malformed: the framework answers 400 */
	}
	return p;
}

function templateRegex(template: string): RegExp {
	return new RegExp('^' + template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+') + '/?$');
}

/**
 * Whether a case may be sent. Only cases that cannot change anything: a request that escapes its
 * route (dot segments, `%2e%2e`) onto another route is sent only with a reading method, since its
 * body was made invalid for its own route, not for the one it lands on; nothing outside /api is
 * sent (POST /logout, GET /lang?to=… are real actions); and the administrator never sends
 * DELETE /api/v1/session, which needs no body and would end the fuzzer's own session.
 */
export function isSafeToSend(c: FuzzCase, ops: Operation[], origin: string): boolean {
	const routed = routedPath(origin, c.path.split('?')[0].split('#')[0] || '/');
	if (!routed.startsWith('/api/')) return false;
	const reading = c.method === 'GET' || c.method === 'HEAD' || c.method === 'OPTIONS';
	if (reading) return true;
	if (!templateRegex(c.op.path).test(routed)) return false;
	// Another method on the same route: only where the route has no such method (405).
	if (c.method !== c.op.method && ops.some((o) => o.path === c.op.path && o.method === c.method)) return false;
	// With a malformed Authorization header (`Basic …`, or `Bearer ` whose space the server trims)
	// the session cookie is used after all: count that as the administrator too.
	const admin = c.who === 'admin' || c.who === 'adminWithBadBearer';
	if (admin && c.method === 'DELETE' && /^\/api\/v1\/session\/?$/i.test(routed)) return false;
	return true;
}
