import type { Actor } from '../../access/actor';
import { can, canSomewhere } from '../../access/actor';

type Placed = { villagePath: string };

/** Names and details of a household (personal data): village heads their village, officers their commune. */
export const canReadHousehold = (actor: Actor, h: Placed) => can(actor, 'households.read', h.villagePath);

export const canEditHousehold = (actor: Actor, h: Placed) => can(actor, 'households.edit', h.villagePath);

/** Phone and ID numbers in clear; everyone else sees them masked, in pages and in the API. */
export const canSeeSensitive = (actor: Actor, h: Placed) => can(actor, 'households.sensitive', h.villagePath);

/** Who read a household and why: for those who read both the household and the audit trail there (commune officers). */
export const canReadAccessLog = (actor: Actor, h: Placed) => canReadHousehold(actor, h) && can(actor, 'audit.read', h.villagePath);

/** Merging or dismissing a duplicate flag touches both households. */
export const canResolveDuplicate = (actor: Actor, one: Placed, other: Placed) => canEditHousehold(actor, one) && canEditHousehold(actor, other);

/** Counts by village and category, never names (province officers, and everyone who reads names). */
export const canCountHouseholds = (actor: Actor, unitPath: string) => can(actor, 'households.counts', unitPath);

/** An actor who may count households somewhere but read names nowhere. */
export const isCountsOnly = (actor: Actor) => canSomewhere(actor, 'households.counts') && !canSomewhere(actor, 'households.read');
