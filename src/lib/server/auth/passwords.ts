import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id settings: 19 MiB memory, 2 iterations, 1 lane. (Algorithm.Argon2id is 2;
// the const enum cannot be imported under isolated modules.)
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
	return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
	dummy ??= hashPassword('lan-toa-dummy-password');
	await verifyPassword(await dummy, password);
}
