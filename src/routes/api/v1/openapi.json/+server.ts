import { json } from '@sveltejs/kit';
import { buildOpenApi } from '$lib/server/api/openapi';

const modules = import.meta.glob<Record<string, unknown>>('/src/routes/api/**/+server.ts', { eager: true });
let document: ReturnType<typeof buildOpenApi> | undefined;

export const GET = async () => {
	document ??= buildOpenApi(modules);
	return json(document);
};
