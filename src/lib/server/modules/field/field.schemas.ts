import { z } from 'zod';

/** `GET /api/v1/field/bootstrap?village=CODE`: the village to cache; optional when the actor has only one. */
export const FieldBootstrapQuery = z.object({
	village: z
		.string()
		.trim()
		.min(1, 'error.validation')
		.max(40, 'error.validation')
		.regex(/^[\p{L}\p{N}._-]+$/u, 'error.validation')
		.optional()
});
export type FieldBootstrapQuery = z.infer<typeof FieldBootstrapQuery>;

const Named = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() });

export const FieldVillage = z.object({ code: z.string(), name: z.string(), communeName: z.string().nullable() });

/** A household as the phone keeps it: id, name, category of the latest classified year; nothing else. */
export const FieldHousehold = z.object({
	id: z.uuid(),
	name: z.string(),
	/** poor, near_poor, escaped, none, or null when never classified. */
	category: z.string().nullable()
});

export const FieldPlan = z.object({ id: z.uuid(), title: z.string(), unitName: z.string(), themes: z.array(z.string()) });

/** What the phone caches to record activities offline. Names in both languages, so switching works offline. */
export const FieldBootstrap = z.object({
	generatedAt: z.string(),
	/** Today in Asia/Ho_Chi_Minh: the default date of a new activity. */
	today: z.string(),
	villages: z.array(FieldVillage),
	village: FieldVillage.nullable(),
	channels: z.array(Named),
	groups: z.array(Named.extend({ householdCategory: z.boolean() })),
	/** False when the actor may record activities but not read the village's household names. */
	householdsShown: z.boolean(),
	households: z.array(FieldHousehold),
	plans: z.array(FieldPlan)
});
export type FieldBootstrap = z.infer<typeof FieldBootstrap>;
