import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie or an API token, URL-safe. */
export function newSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as SHA-256: a leaked table opens no session. */
export function sha256(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}
