import { sessionMarkdown, type SessionExport } from '../../domain/markdown';
import type { NoteClass } from '../../domain/types';
import type { Settings } from '../../policy/settings';
import { neutralName } from '../../domain/export-names';

/** What the print page shows: a reason it cannot, or the note and a title that names no one. */
export type PrintPage =
  | { kind: 'locked'; message: string }
  | { kind: 'blocked'; message: string }
  | { kind: 'ready'; text: string; title: string };

/**
 * Decides the print page: nothing while the vault is locked, nothing when
 * the clinic turned exports off (a printout is an export: it leaves the
 * vault unencrypted), else the session's note. The window title, which the
 * browser keeps in its history and shows in the task bar, carries only the
 * date and a random tag. Reads the session only when it may be printed.
 */
export async function printPage(deps: {
  unlocked: boolean;
  settings: Pick<Settings, 'exportAllowed'>;
  detail: () => Promise<SessionExport>;
  noteClass: NoteClass;
}): Promise<PrintPage> {
  if (!deps.unlocked) return { kind: 'locked', message: 'Unlock Squircle in its panel first, then print again.' };
  if (!deps.settings.exportAllowed)
    return { kind: 'blocked', message: 'Your clinic has turned off printing and exports in Squircle.' };
  const x = await deps.detail();
  return { kind: 'ready', text: sessionMarkdown(x, deps.noteClass), title: neutralName(x.session.startedAt) };
}
