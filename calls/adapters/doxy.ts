import { generic } from './generic';

/** Doxy.me: no public markup evidence, so the generic reading (see generic.ts). */
export const doxy = generic('doxy');
