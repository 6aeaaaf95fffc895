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

