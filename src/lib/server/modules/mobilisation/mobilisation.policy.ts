import type { Actor } from '../../access/actor';
import { can } from '../../access/actor';

type Placed = { unitPath: string };

/** Sponsors, pledges and pairings are read within the reader's subtree (a village head: the village's pairings). */
export const canReadMobilisation = (actor: Actor, r: Placed) => can(actor, 'mobilisation.read', r.unitPath);

/** Recording sponsors, pledges, receipts, gifts, pairings and visits. */
export const canEditMobilisation = (actor: Actor, r: Placed) => can(actor, 'mobilisation.edit', r.unitPath);

/** A paired household's name is personal data: shown only to those who read the register there. */
export const canSeeHouseholdName = (actor: Actor, h: { villagePath: string }) => can(actor, 'households.read', h.villagePath);
