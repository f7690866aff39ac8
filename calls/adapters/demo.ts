import { meetLike } from './meet';

/**
 * The practice call (demo/): it carries Meet's conventions on purpose
 * (data-participant-id, data-self-name, the `call_end` ligature, the people
 * list) plus data-squircle-demo, so the Meet reading applies unchanged.
 */
export const demo = meetLike('demo');
