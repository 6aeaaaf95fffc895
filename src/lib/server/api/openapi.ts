import { z } from 'zod';
import type { Handler } from './endpoint';
import { ErrorResponse } from './schemas';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `/src/routes/api/v1/units/[code]/+server.ts` → `/api/v1/units/{code}`. */
export function routePath(file: string): string {
	return file
		.replace(/^.*\/src\/routes/, '')
		.replace(/\/\+server\.ts$/, '')
		.replace(/\/\([^)]+\)/g, '')
		.replace(/\[\.\.\.(\w+)\]/g, '{$1}')
		.replace(/\[(\w+)\]/g, '{$1}');
}

/**
 * The JSON Schema of a route's zod schema. Definitions zod puts in `$defs` (recursive schemas such
 * as a plan's nested sections, or schemas given an id) move to `components.schemas`, so every `$ref`
 * resolves from the document's root; unnamed ones are named after the operation that uses them.
 */
function schema(s: z.ZodType | undefined, io: 'input' | 'output', components?: Record<string, unknown>, prefix = '') {
	if (!s) return undefined;
	const out = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
	delete out.$schema;
	const defs = out.$defs as Record<string, unknown> | undefined;
	if (!defs || !components) return out;
	delete out.$defs;
	const names = new Map(Object.keys(defs).map((key) => [key, key.startsWith('__') ? `${prefix}${key.replace(/^_+/, '_')}` : key]));
	const rewrite = (value: unknown) =>
		JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_, key: string) => `"#/components/schemas/${names.get(key) ?? key}"`));
	for (const [key, def] of Object.entries(defs)) components[names.get(key)!] = rewrite(def);
	return rewrite(out) as Record<string, unknown>;
}

const errorSchema = schema(ErrorResponse, 'output');

/** The OpenAPI 3.1 document, built from the same zod schemas that validate each route. */
export function buildOpenApi(modules: Record<string, Record<string, unknown>>) {
	const paths: Record<string, Record<string, unknown>> = {};
	const schemas: Record<string, unknown> = {};
	for (const [file, mod] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
		const path = routePath(file);
		if (!path.startsWith('/api/v1/')) continue;
		for (const method of methods) {
			const handler = mod[method] as Handler | undefined;
			if (!handler?.spec) continue;
			const spec = handler.spec;
			const operationId = `${method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
			const parameters: unknown[] = [];
			const paramsSchema = schema(spec.params, 'input') as { properties?: Record<string, unknown> } | undefined;
			for (const [name, s] of Object.entries(paramsSchema?.properties ?? {}))
				parameters.push({ name, in: 'path', required: true, schema: s });
			const querySchema = schema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] } | undefined;
			for (const [name, s] of Object.entries(querySchema?.properties ?? {}))
				parameters.push({ name, in: 'query', required: querySchema?.required?.includes(name) ?? false, schema: s });
			const status = String(spec.status ?? 200);
			const content: Record<string, unknown> = {};
			if (spec.response) content['application/json'] = { schema: schema(spec.response, 'output', schemas, `${operationId}Response`) };
			for (const type of spec.produces ?? []) content[type] = { schema: { type: 'string', format: 'binary' } };
			const requestContent: Record<string, unknown> = {};
			if (spec.body) requestContent['application/json'] = { schema: schema(spec.body, 'input', schemas, `${operationId}Body`) };
			for (const type of spec.consumes ?? []) requestContent[type] = { schema: { type: 'string', format: 'binary' } };
			(paths[path] ??= {})[method.toLowerCase()] = {
				summary: spec.summary,
				tags: spec.tags,
				operationId,
				security: spec.auth === 'user' ? [{ session: [] }, { bearer: [] }] : [],
				parameters,
				...(Object.keys(requestContent).length ? { requestBody: { required: true, content: requestContent } } : {}),
				responses: {
					[status]: status === '204' ? { description: 'No content' } : { description: 'Success', content },
					default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } }
				}
			};
		}
	}
	return {
		openapi: '3.1.0',
		info: {
			title: 'Lan Tỏa API',
			version: '1',
			description:
				'Kế hoạch, hoạt động, đo lường và báo cáo truyền thông giảm nghèo. / Plan, run, measure and report poverty-reduction communication. Errors are { error: { code, message, details } }; messages follow the lang cookie or Accept-Language (vi, en).'
		},
		servers: [{ url: '/' }],
		components: {
			schemas,
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'lantoa_session' },
				bearer: { type: 'http', scheme: 'bearer' }
			}
		},
		paths
	};
}
