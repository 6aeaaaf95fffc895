import { z } from 'zod';
import { endpoint } from '$lib/server/api/endpoint';
import { resetPassword } from '$lib/server/modules/users/users.service';
import { PasswordResetInput } from '$lib/server/modules/users/users.schemas';

export const PUT = endpoint(
	{
		summary: 'Reset an account’s password; its sessions end and any lockout is lifted (administrators)',
		tags: ['users'],
		auth: 'user',
		params: z.object({ username: z.string().min(1).max(40) }),
		body: PasswordResetInput,
		status: 204
	},
	async ({ db, actor, params, body }) => {
		await resetPassword({ db, actor }, params.username, body.password);
		return new Response(null, { status: 204 });
	}
);
