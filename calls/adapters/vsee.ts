import { generic } from './generic';

/** VSee: no public markup evidence, so the generic reading (see generic.ts). */
export const vsee = generic('vsee');
