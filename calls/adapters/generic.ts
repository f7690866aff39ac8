import type { PlatformId } from '../platforms';
import { type Adapter, leaveButton, report, sharing } from './dom';

/**
 * Platforms for which no public markup evidence was collected (docs/PLATFORMS.md):
 * only what any call page shows is read, and the rest is left out honestly.
 * - in a call: a leave / hang-up control found by role and accessible name
 *   (words.ts); healthy unless live video plays and no such control is found;
 * - presenting: a shown "Stop sharing" control or a pressed share toggle;
 *   unverified on the real sites;
 * - participants: never reported. Tiles carry names only under generated
 *   class names, and nothing tells the local user's tile apart;
 * - meeting id: the URL path (the room), which is what stays the same across
 *   visits to one room.
 */
export const generic = (platform: PlatformId): Adapter => ({
  read(doc, url) {
    const leave = !!leaveButton(doc);
    return report(platform, doc, leave, leave, sharing(doc), [], url.pathname.replace(/^\/+|\/+$/g, ''));
  },
});
