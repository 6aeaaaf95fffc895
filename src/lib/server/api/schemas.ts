import { z } from 'zod';

/** A page of a list: the items, whether more follow, and the window asked for. */
export const page = <T extends z.ZodType>(item: T) =>
	z.object({ items: z.array(item), hasMore: z.boolean(), limit: z.number().int(), offset: z.number().int() });

export const ErrorResponse = z.object({
	error: z.object({
		code: z.string(),
		message: z.string(),
		details: z.array(z.object({ path: z.string().optional(), row: z.number().optional(), column: z.string().optional(), message: z.string() }))
	})
});
