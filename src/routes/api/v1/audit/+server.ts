import { endpoint } from '$lib/server/api/endpoint';
import { page } from '$lib/server/api/schemas';
import { forbidden } from '$lib/server/errors';
import { canSomewhere } from '$lib/server/access/actor';
import { findAuditEntries, presentAuditEntry } from '$lib/server/audit/audit.service';
import { AuditEntryOut, AuditListQuery } from '$lib/server/audit/audit.schemas';

export const GET = endpoint(
	{ summary: 'Audit entries of the units in the actor’s scope, newest first', tags: ['audit'], auth: 'user', query: AuditListQuery, response: page(AuditEntryOut) },
	async ({ db, actor, query }) => {
		if (!canSomewhere(actor, 'audit.read')) throw forbidden();
		const { items, hasMore } = await findAuditEntries(db, actor, query);
		return { items: items.map(presentAuditEntry), hasMore, limit: query.limit, offset: query.offset };
	}
);
