import { generic } from './generic';

/** TherapyNotes telehealth: no public markup evidence, so the generic reading (see generic.ts). */
export const therapynotes = generic('therapynotes');
