import { startRuntime, type Runtime } from '../lib/server/runtime';

/** Opens the configured database (migrating it first), runs `fn`, and always closes it. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, role: 'cli' | 'worker' = 'cli'): Promise<T> {
	const rt = await startRuntime({ role });
	try {
		return await fn(rt);
	} finally {
		await rt.close();
	}
}
