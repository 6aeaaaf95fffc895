import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { endpoint, type Handler } from './endpoint';
import { buildOpenApi, routePath } from './openapi';

type Operation = {
	operationId: string;
	security: unknown[];
	parameters: { name: string; in: string; required: boolean }[];
	requestBody?: { content: Record<string, unknown> };
	responses: Record<string, { content?: Record<string, unknown> }>;
};

describe('routePath', () => {
	it('turns SvelteKit route files into OpenAPI paths', () => {
		expect(routePath('/src/routes/api/v1/units/+server.ts')).toBe('/api/v1/units');
		expect(routePath('/src/routes/api/v1/units/[code]/merge/+server.ts')).toBe('/api/v1/units/{code}/merge');
		expect(routePath('/work/x/src/routes/(app)/api/v1/files/[...path]/+server.ts')).toBe('/api/v1/files/{path}');
	});
});

describe('buildOpenApi', () => {
	const ok = async () => ({ ok: true });
	const modules: Record<string, Record<string, unknown>> = {
		'/src/routes/api/v1/things/+server.ts': {
			GET: endpoint({ summary: 'List', tags: ['things'], auth: 'user', query: z.object({ q: z.string().optional(), limit: z.coerce.number() }) }, ok),
			POST: endpoint({ summary: 'Create', tags: ['things'], auth: 'user', body: z.object({ name: z.string() }), status: 201, response: z.object({ id: z.uuid() }) }, async () => ({ id: '00000000-0000-4000-8000-000000000000' }))
		},
		'/src/routes/api/v1/things/[code]/+server.ts': {
			DELETE: endpoint({ summary: 'Delete', tags: ['things'], auth: 'user', params: z.object({ code: z.string() }), status: 204 }, ok),
			GET: endpoint({ summary: 'Export', tags: ['things'], auth: 'public', params: z.object({ code: z.string() }), produces: ['text/csv'] }, ok)
		},
		// Not part of the API: outside /api/v1, or without a spec.
		'/src/routes/healthz/+server.ts': { GET: endpoint({ summary: 'health', tags: [], auth: 'public' }, ok) },
		'/src/routes/api/v1/plain/+server.ts': { GET: async () => new Response('') }
	};
	const doc = buildOpenApi(modules);
	const op = (path: string, method: string) => (doc.paths[path] as Record<string, Operation>)[method];

	it('documents each endpoint from its zod schemas', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths).sort()).toEqual(['/api/v1/things', '/api/v1/things/{code}']);
		expect(op('/api/v1/things', 'get').parameters).toEqual([
			expect.objectContaining({ name: 'q', in: 'query', required: false }),
			expect.objectContaining({ name: 'limit', in: 'query', required: true })
		]);
		const create = op('/api/v1/things', 'post');
		expect(create.requestBody?.content['application/json']).toMatchObject({ schema: { type: 'object', required: ['name'] } });
		expect(create.responses['201'].content?.['application/json']).toMatchObject({ schema: { properties: { id: { format: 'uuid' } } } });
		expect(create.responses.default.content?.['application/json']).toBeDefined();
		expect(op('/api/v1/things/{code}', 'delete').parameters).toEqual([expect.objectContaining({ name: 'code', in: 'path', required: true })]);
		expect(op('/api/v1/things/{code}', 'delete').responses['204']).toEqual({ description: 'No content' });
		expect(op('/api/v1/things/{code}', 'get').responses['200'].content).toHaveProperty(['text/csv']);
	});

	it('marks signed-in endpoints as needing a session or a bearer token, public ones as open', () => {
		expect(op('/api/v1/things', 'get').security).toEqual([{ session: [] }, { bearer: [] }]);
		expect(op('/api/v1/things/{code}', 'get').security).toEqual([]);
	});

	it('gives every operation a distinct id', () => {
		const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops as Record<string, Operation>).map((o) => o.operationId));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toContain('getApiV1ThingsCode');
	});
});

/** Every `$ref` of a document, and whether it points at something the document holds. */
function dangling(doc: unknown): string[] {
	const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
	return refs.filter((ref) => {
		if (!ref.startsWith('#/')) return true;
		let at: unknown = doc;
		for (const part of ref.slice(2).split('/')) at = (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		return at === undefined;
	});
}

describe('recursive schemas', () => {
	interface Node {
		name: string;
		children: Node[];
	}
	const Node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(Node) }));
	const doc = buildOpenApi({
		'/src/routes/api/v1/trees/+server.ts': {
			POST: endpoint({ summary: 'Tree', tags: ['trees'], auth: 'user', body: z.object({ root: Node }), response: z.object({ root: Node }) }, async () => ({
				root: { name: 'a', children: [] }
			}))
		}
	});

	it('move their definitions to components, so every reference resolves from the root', () => {
		expect(JSON.stringify(doc)).not.toContain('$defs');
		expect(Object.keys(doc.components.schemas).length).toBeGreaterThan(0);
		expect(JSON.stringify(doc)).toContain('#/components/schemas/');
		expect(dangling(doc)).toEqual([]);
	});
});

describe("the application's API document", () => {
	// The same modules the /api/v1/openapi.json route reads.
	const modules = import.meta.glob<Record<string, unknown>>('/src/routes/api/v1/**/+server.ts', { eager: true });
	const doc = buildOpenApi(modules);

	it('documents every API route that goes through the endpoint wrapper, with distinct operation ids', () => {
		const ids: string[] = [];
		for (const [file, mod] of Object.entries(modules)) {
			for (const [method, handler] of Object.entries(mod)) {
				if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || !(handler as Handler).spec) continue;
				const operation = (doc.paths[routePath(file)] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
				expect(operation, `${method} ${file}`).toBeDefined();
				ids.push(operation!.operationId);
			}
		}
		expect(ids.length).toBeGreaterThan(5);
		expect(new Set(ids).size).toBe(ids.length);
		expect(() => JSON.stringify(doc)).not.toThrow();
	});

	it('every reference resolves from the document root', () => {
		expect(dangling(doc)).toEqual([]);
	});

	it('every API route except the document itself validates and documents through the wrapper', () => {
		const bare = Object.entries(modules)
			.filter(([file]) => !file.includes('/openapi.json/'))
			.flatMap(([file, mod]) =>
				Object.entries(mod)
					.filter(([method, h]) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !(h as Handler).spec)
					.map(([method]) => `${method} ${routePath(file)}`)
			);
		expect(bare).toEqual([]);
	});

	it('creating a token answers 201 with the token, and the token routes need a signed-in caller', () => {
		const tokens = doc.paths['/api/v1/tokens'] as Record<string, Operation>;
		expect(Object.keys(tokens.post.responses)).toContain('201');
		expect(tokens.post.security).toEqual([{ session: [] }, { bearer: [] }]);
		expect(tokens.get.security).toEqual([{ session: [] }, { bearer: [] }]);
	});
});
