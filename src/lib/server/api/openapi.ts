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

function schema(s: z.ZodType | undefined, io: 'input' | 'output') {
	if (!s) return undefined;
	const out = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
	delete out.$schema;
	return out;
}

const errorSchema = schema(ErrorResponse, 'output');

/** The OpenAPI 3.1 document, built from the same zod schemas that validate each route. */
export function buildOpenApi(modules: Record<string, Record<string, unknown>>) {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const [file, mod] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
		const path = routePath(file);
		if (!path.startsWith('/api/v1/')) continue;
		for (const method of methods) {
			const handler = mod[method] as Handler | undefined;
			if (!handler?.spec) continue;
			const spec = handler.spec;
			const parameters: unknown[] = [];
			const paramsSchema = schema(spec.params, 'input') as { properties?: Record<string, unknown> } | undefined;
			for (const [name, s] of Object.entries(paramsSchema?.properties ?? {}))
				parameters.push({ name, in: 'path', required: true, schema: s });
			const querySchema = schema(spec.query, 'input') as { properties?: Record<string, unknown>; required?: string[] } | undefined;
			for (const [name, s] of Object.entries(querySchema?.properties ?? {}))
				parameters.push({ name, in: 'query', required: querySchema?.required?.includes(name) ?? false, schema: s });
			const status = String(spec.status ?? 200);
			const content: Record<string, unknown> = {};
			if (spec.response) content['application/json'] = { schema: schema(spec.response, 'output') };
			for (const type of spec.produces ?? []) content[type] = { schema: { type: 'string', format: 'binary' } };
			const requestContent: Record<string, unknown> = {};
			if (spec.body) requestContent['application/json'] = { schema: schema(spec.body, 'input') };
			for (const type of spec.consumes ?? []) requestContent[type] = { schema: { type: 'string', format: 'binary' } };
			(paths[path] ??= {})[method.toLowerCase()] = {
				summary: spec.summary,
				tags: spec.tags,
				operationId: `${method.toLowerCase()}${path.replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
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
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'lantoa_session' },
				bearer: { type: 'http', scheme: 'bearer' }
			}
		},
		paths
	};
}
