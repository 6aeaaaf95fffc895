import { z } from 'zod';

export const AuditListQuery = z.object({
	entityType: z.string().max(40).optional(),
	entityId: z.string().max(80).optional(),
	kind: z.enum(['change', 'access']).optional(),
	limit: z.coerce.number().int().min(1).max(500).default(50),
	offset: z.coerce.number().int().min(0).max(10_000_000).default(0)
});

export const AuditEntryOut = z.object({
	seq: z.number().int(),
	at: z.string(),
	kind: z.enum(['change', 'access']),
	actor: z.string(),
	action: z.string(),
	entityType: z.string(),
	entityId: z.string().nullable(),
	unitCode: z.string().nullable(),
	before: z.unknown(),
	after: z.unknown(),
	context: z.unknown()
});
