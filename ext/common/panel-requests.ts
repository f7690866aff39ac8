/**
 * What the background asks of the panel through storage.session: the
 * background sets these keys after a shortcut, the panel follows them
 * (ext/panel/open-marker.ts) and clears them once handled.
 */

/** What the panel should open after a shortcut made a marker. */
export const OPEN_MARKER_KEY = 'openMarker';
/** The emergency-card shortcut: the panel opens the card (looking records nothing). */
export const OPEN_EMERGENCY_KEY = 'openEmergency';
