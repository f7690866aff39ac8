import { generic } from './generic';

/** SimplePractice telehealth: no public markup evidence, so the generic reading (see generic.ts). */
export const simplepractice = generic('simplepractice');
