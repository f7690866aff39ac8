import { generic } from './generic';

/** Webex: no public markup evidence, so the generic reading (see generic.ts). */
export const webex = generic('webex');
