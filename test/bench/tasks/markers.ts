/**
 * Synthetic clinical markers: what the store benchmark writes. Each has the
 * clear fields a marker row has (id, session, session-clock time, category
 * code) and a JSON body of about `bodyChars` characters, the part that is sealed.
 */
export interface Marker {
  id: string;
  sessionId: string;
  at: number;
  category: string;
  updatedAt: number;
  text: string;
}

export const SESSION_ID = 'ses-bench';
const CATEGORIES = [
  'frame',
  'disembodied',
  'presence',
  'background',
  'self-disclosure',
  'rupture-repair',
  'face',
  'body',
];
const WORDS =
  'member looked away after the pause then named feeling unseen on screen leader invited the group to notice'.split(
    ' ',
  );
const T0 = Date.UTC(2025, 0, 6, 17, 0, 0);

export function makeMarkers(count: number, bodyChars: number): Marker[] {
  return Array.from({ length: count }, (_, i) => {
    const body = { member: `m-${i % 9}`, intensity: (i % 5) + 1, note: '' };
    let note = '';
    for (let w = i; JSON.stringify({ ...body, note }).length < bodyChars; w++) note += `${WORDS[w % WORDS.length]} `;
    return {
      id: `mk-${String(i).padStart(6, '0')}`,
      sessionId: SESSION_ID,
      at: i * 1500,
      category: CATEGORIES[i % CATEGORIES.length]!,
      updatedAt: T0 + i * 1500,
      text: JSON.stringify({ ...body, note: note.trimEnd() }),
    };
  });
}
