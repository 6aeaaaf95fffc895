import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { forbidden } from '$lib/server/errors';
import { can } from '$lib/server/access/actor';
import { verifyAuditChain } from '$lib/server/audit/audit.service';

export const GET = endpoint(
	{
		summary: 'Recompute the audit hash chain (administrators)',
		tags: ['audit'],
		auth: 'user',
		response: z.object({ ok: z.boolean(), count: z.number(), brokenAt: z.number().optional(), reason: z.string().optional() })
	},
	async ({ db, actor }) => {
		if (!can(actor, 'users.manage')) throw forbidden();
		return verifyAuditChain(db);
	}
);
