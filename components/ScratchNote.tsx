import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SaveStatusLine } from './SaveStatusLine';
import { unsavedDraft, useAutosave } from './useAutosave';
import { t } from '../util/i18n';
import { shownError } from '../util/user-error';

interface Props {
  load: () => Promise<string>;
  save: (text: string) => Promise<void>;
  /** Hands over text not yet saved as the page closes, for the next open to save (a closing page cannot). */
  keep?: (text: string) => void;
}

const DRAFT = 'scratch';

/** A private scratch note, encrypted on every save. */
export function ScratchNote({ load, save, keep }: Props): JSX.Element {
  const [initial, setInitial] = useState<string | undefined>(undefined);
  const [loadError, setLoadError] = useState('');
  useEffect(() => {
    // Text that could not be saved (a full disk) wins over the older stored note.
    load().then(
      (stored) => setInitial(unsavedDraft(DRAFT) ?? stored),
      (e: Error) => setLoadError(shownError(e)),
    );
  }, [load]);
  return (
    <section class="card" aria-labelledby="scratch-title">
      <h2 id="scratch-title">{t('scratch.title')}</h2>
      {loadError && (
        <p class="error" role="alert">
          {t('common.nothingOverwritten', { error: loadError })}
        </p>
      )}
      {initial === undefined ? (
        !loadError && <p class="quiet">{t('scratch.opening')}</p>
      ) : (
        <NoteArea initial={initial} save={save} keep={keep} />
      )}
    </section>
  );
}

function NoteArea({ initial, save, keep }: { initial: string; save: Props['save']; keep: Props['keep'] }): JSX.Element {
  const [text, setText] = useState(initial);
  const status = useAutosave(text, save, undefined, undefined, undefined, DRAFT, keep);
  return (
    <>
      <label for="scratch" class="sr-only">
        {t('scratch.title')}
      </label>
      <textarea
        id="scratch"
        autocomplete="off"
        spellcheck={false}
        rows={8}
        placeholder={t('scratch.placeholder')}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <p>
        <SaveStatusLine
          status={status}
          saved={t('scratch.saved')}
          pending={t('scratch.typing')}
          saving={t('scratch.saving')}
        />
      </p>
    </>
  );
}
