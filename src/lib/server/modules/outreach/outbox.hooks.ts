import type { Db } from '../../db/client';
import type { AccountCredentials, DeliveryError, SendResult } from './adapters/types';
import type { outboxMessages } from './outbox.tables';

export type OutboxMessageRow = typeof outboxMessages.$inferSelect;

/**
 * What a cause does when its message is sent or given up, inside the worker's transaction that
 * marks the message (a publication stores its post id and address; an answer notes it went out).
 */
export interface DeliveryHooks {
	sent?(tx: Db, message: OutboxMessageRow, result: SendResult): Promise<void>;
	dead?(tx: Db, message: OutboxMessageRow, error: DeliveryError): Promise<void>;
}

const hooks = new Map<string, DeliveryHooks[]>();

/**
 * Registers hooks for messages whose `cause_type` is `causeType`. Modules register at import time;
 * registering the same object twice is a no-op (a module imported from two places).
 */
export function onDelivery(causeType: string, h: DeliveryHooks): void {
	const list = hooks.get(causeType) ?? [];
	if (!list.includes(h)) list.push(h);
	hooks.set(causeType, list);
}

/** The hooks of a cause type (the worker's use). */
export function deliveryHooks(causeType: string | null): DeliveryHooks[] {
	return causeType ? (hooks.get(causeType) ?? []) : [];
}

/** Reads a unit's account with its secrets decrypted; the accounts module provides the real one. */
export type AccountLoader = (db: Db, accountId: string) => Promise<AccountCredentials | null>;

let accountLoader: AccountLoader | null = null;

/**
 * The accounts module (which holds the encryption key) provides how the worker reads an account's
 * decrypted credentials. Until it does, the worker passes the account's row without secrets.
 */
export function provideAccountLoader(loader: AccountLoader): void {
	accountLoader = loader;
}

export function currentAccountLoader(): AccountLoader | null {
	return accountLoader;
}
