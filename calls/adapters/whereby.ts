import { generic } from './generic';

/** Whereby: no public markup evidence, so the generic reading (see generic.ts). */
export const whereby = generic('whereby');
