import type { BenchCase } from '../registry';

/** The foundation: liveness, the public portal page, an authenticated API list. */
export const coreCases: BenchCase[] = [
	{
		id: 'healthz',
		title: 'GET /healthz (liveness, no database)',
		async prepare() {
			return { path: '/healthz', check: (body) => (body.trim() === 'ok' ? undefined : `unexpected body ${JSON.stringify(body.slice(0, 80))}`) };
		}
	},
	{
		id: 'portal',
		title: 'GET /portal/16108 (public commune page, server-rendered)',
		async prepare() {
			return {
				path: '/portal/16108',
				check: (body, type) =>
					!type.startsWith('text/html') ? `content-type ${type}` : body.includes('Xã Hà Bình') && body.includes('Thôn Đông Sơn') ? undefined : 'page does not show Hà Bình and its villages'
			};
		}
	},
	{
		id: 'api-units',
		title: 'GET /api/v1/units (API list, bearer token of admin)',
		async prepare(app) {
			const token = await app.adminToken();
			return {
				path: '/api/v1/units',
				headers: { authorization: `Bearer ${token}` },
				check: (body) => {
					const items = (JSON.parse(body) as { items?: unknown[] }).items;
					return Array.isArray(items) && items.length > 0 ? undefined : 'no units in the answer';
				}
			};
		}
	}
];
