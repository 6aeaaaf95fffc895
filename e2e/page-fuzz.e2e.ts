import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { useAppServer } from './support/server';
import { apiSignIn } from './support/auth';
import { rawRequest } from './support/http';
import { encodeArb, fuzzString } from './support/fuzz';

/**
 * Every page, opened with malformed path parameters and query strings, anonymously, as the
 * administrator and as a commune officer: a bad address is the visitor's mistake (4xx), never a
 * server failure. Only GET: the pages' form actions are real changes.
 */

const app = useAppServer();

/** Page addresses from the route tree (`src/routes/**\/+page.svelte`), `[code]` as `{code}`. */
function pageTemplates(): string[] {
	const root = path.resolve('src/routes');
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+page.svelte') {
				const route = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
				out.push('/' + route.map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, '{$1}')).join('/'));
			}
		}
	};
	walk(root);
	return out.sort();
}

const realCodes = ['16108', '24997', '16108-01', '38', '38-HT'];
const queryKeys = ['q', 'level', 'parent', 'includeInactive', 'limit', 'offset', 'page', 'next', 'entityType', 'entityId', 'kind', 'signedOut', '__proto__'];

function requestArb(template: string) {
	const param = fc.oneof(fc.constantFrom(...realCodes), fc.tuple(fuzzString, encodeArb).map(([s, enc]) => enc(s)));
	const parts = template.split(/(\{\w+\})/).filter(Boolean);
	const pathArb = fc.tuple(...parts.map((p) => (/^\{\w+\}$/.test(p) ? param : fc.constant(p)))).map((s) => s.join(''));
	const query = fc
		.array(fc.tuple(fc.oneof(fc.constantFrom(...queryKeys), fuzzString), fuzzString, encodeArb), { maxLength: 4 })
		.map((pairs) => (pairs.length ? '?' : '') + pairs.map(([k, v, enc]) => `${enc(k)}=${enc(v)}`).join('&'));
	return fc.record({ path: pathArb, query, who: fc.constantFrom('anonymous', 'admin', 'officer') });
}

describe('pages with malformed addresses', () => {
	const cookies: Record<string, string> = {};
	const templates = pageTemplates();

	beforeAll(async () => {
		cookies.admin = await apiSignIn(app.url, 'admin');
		cookies.officer = await apiSignIn(app.url, 'canbo.habinh');
	});

	test('the route tree has the known pages', () => {
		expect(templates).toEqual(expect.arrayContaining(['/', '/login', '/portal/{code}', '/app', '/app/units/{code}']));
	});

	test.each(templates)('%s: never a 5xx', async (template) => {
		await fc.assert(
			fc.asyncProperty(requestArb(template), async ({ path: p, query, who }) => {
				const res = await rawRequest(app.url, { method: 'GET', path: p + query, headers: who === 'anonymous' ? {} : { cookie: cookies[who] } });
				if (res.status >= 500)
					throw new Error(`GET ${(p + query).slice(0, 200)} as ${who} → ${res.status}\nserver log:\n${app.server.output().slice(-1500)}`);
			}),
			{ numRuns: Number(process.env.FUZZ_RUNS) || 40, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined }
		);
	});
});
