import { z } from 'zod';
import { roles } from '../../access/roles';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords';

export const username = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9._-]{3,40}$/, 'user.usernameFormat');
export const password = z.string().min(MIN_PASSWORD_LENGTH, 'user.passwordShort').max(200);

export const RoleGrantInput = z
	.object({ role: z.enum(roles), unitCode: z.string().trim().min(1).max(40).nullish() })
	.strict();
export type RoleGrantInput = z.infer<typeof RoleGrantInput>;

export const UserCreateInput = z
	.object({
		username,
		displayName: z.string().trim().min(1).max(120),
		password,
		locale: z.enum(['vi', 'en']).default('vi'),
		roles: z.array(RoleGrantInput).max(20).default([])
	})
	.strict();
export type UserCreateInput = z.infer<typeof UserCreateInput>;

export const SessionCreateInput = z
	.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) })
	.strict();

export const PasswordChangeInput = z
	.object({ currentPassword: z.string().min(1).max(200), newPassword: password })
	.strict();

export const PasswordResetInput = z.object({ password }).strict();

export const ApiTokenCreateInput = z
	.object({
		name: z.string().trim().min(1).max(80),
		/** Days until the token expires; none means it lasts until revoked. */
		expiresInDays: z.number().int().min(1).max(3650).nullish(),
		/** Administrators may issue a token for another account (an integration's service account). */
		username: username.optional()
	})
	.strict();
export type ApiTokenCreateInput = z.infer<typeof ApiTokenCreateInput>;

export const GrantOut = z.object({
	role: z.enum(roles),
	unitCode: z.string().nullable(),
	unitName: z.string().nullable()
});

export const Me = z.object({
	id: z.uuid().nullable(),
	username: z.string(),
	displayName: z.string(),
	roles: z.array(GrantOut),
	via: z.enum(['session', 'token', 'system'])
});

export const UserOut = z.object({
	id: z.uuid(),
	username: z.string(),
	displayName: z.string(),
	disabled: z.boolean(),
	lockedUntil: z.string().nullable(),
	roles: z.array(GrantOut)
});

export const ApiTokenOut = z.object({
	id: z.uuid(),
	name: z.string(),
	prefix: z.string(),
	username: z.string(),
	createdAt: z.string(),
	lastUsedAt: z.string().nullable(),
	expiresAt: z.string().nullable(),
	revokedAt: z.string().nullable()
});
