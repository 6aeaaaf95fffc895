import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../../config';

/**
 * Secrets of platform accounts at rest, and the signatures platforms put on what they exchange
 * with us. One home, so the adapters, the webhooks and the test servers compute them the same way.
 */

const PREFIX = 'v1:';
let cachedKey: { source: string; key: Buffer } | null = null;

/**
 * The 32-byte key secrets are encrypted with: from LANTOA_SECRET_KEY (64 hex digits, or base64 of
 * 32 bytes, or any other text, which is hashed to 32 bytes), else from `secret.key` in the data
 * directory, created once with random bytes (mode 0600). Losing that file makes stored secrets
 * unreadable: officers then enter them again.
 */
export function secretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
	const fromEnv = env.LANTOA_SECRET_KEY?.trim();
	const source = fromEnv ? `env:${fromEnv}` : `file:${readConfig(env).dataDir}`;
	if (cachedKey?.source === source) return cachedKey.key;
	let key: Buffer;
	if (fromEnv) {
		if (/^[0-9a-f]{64}$/i.test(fromEnv)) key = Buffer.from(fromEnv, 'hex');
		else if (/^[A-Za-z0-9+/]{43}=$/.test(fromEnv)) key = Buffer.from(fromEnv, 'base64');
		else key = createHash('sha256').update(fromEnv).digest();
	} else {
		const file = path.join(readConfig(env).dataDir, 'secret.key');
		if (!fs.existsSync(file)) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			try {
				fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
			} catch (err) {
				// Another process wrote it first: use theirs.
				if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
			}
		}
		key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
		if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
	}
	cachedKey = { source, key };
	return key;
}

/** AES-256-GCM: `v1:<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(plain: string, key: Buffer = secretKey()): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return PREFIX + [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

/** The secret back; null when it was encrypted with another key or altered (the tag does not match). */
export function decryptSecret(stored: string | null, key: Buffer = secretKey()): string | null {
	if (!stored?.startsWith(PREFIX)) return null;
	const [iv, tag, data] = stored.slice(PREFIX.length).split('.').map((p) => Buffer.from(p, 'base64url'));
	if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) return null;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv);
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
	} catch {
		return null;
	}
}

export function hmacSha256Hex(secret: string, data: string | Buffer): string {
	return createHmac('sha256', secret).update(data).digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Compares two strings in constant time (signatures). */
export function sameSecret(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Facebook's `appsecret_proof`: HMAC-SHA256 of the access token keyed with the app secret, hex. */
export function appSecretProof(accessToken: string, appSecret: string): string {
	return hmacSha256Hex(appSecret, accessToken);
}

/**
 * Zalo's `X-ZEvent-Signature` of an OA webhook: `mac=` + sha256(appId + raw body + timestamp +
 * OA secret key), hex; the timestamp is the event's `timestamp` field (milliseconds).
 */
export function zaloEventSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
	return 'mac=' + sha256Hex(appId + rawBody + timestamp + oaSecretKey);
}

/** The SMS gateway's `X-Signature`: `sha256=` + HMAC-SHA256 of the raw body with the webhook secret. */
export function smsWebhookSignature(rawBody: string | Buffer, secret: string): string {
	return 'sha256=' + hmacSha256Hex(secret, rawBody);
}

/** "••••1234": how a stored secret is shown back. */
export function lastFour(secret: string | null): string | null {
	if (!secret) return null;
	return secret.length > 8 ? '••••' + secret.slice(-4) : '••••';
}
