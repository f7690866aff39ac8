import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useEffect, useRef, useState } from 'preact/hooks';
import { firstName, suggestSpoken, type Prompt } from '../../domain/prompts';
import type { Member } from '../../domain/types';
import { t } from '../../util/i18n';
import { shownError } from '../../util/user-error';
import { Spoken } from './Spoken';

interface Props {
  members: Member[];
  canPark: boolean;
  canSend: boolean;
  /** Why "Send now" would reach no co-leader now; the button is disabled while it is set. */
  sendUnavailable: string | null;
  /** Open mode: free text is the plain way, not the last resort. */
  open: boolean;
  sayAloud: () => Promise<void>;
  park: (text: string) => Promise<void>;
  sendNow: (text: string) => Promise<void>;
  /** Seconds of typing before a gentle word about presence; null when off. */
  presenceAidSeconds: number | null;
  /** The library to draw the spoken form from (built-in, clinic's, own). */
  prompts?: Prompt[];
}

/**
 * Spoken first: a thought typed for the co-leader is met with a way to say
 * it aloud in front of the group. Nothing leaves the device unless the
 * leader chooses "send now", which is counted.
 */
export function Composer(p: Props): JSX.Element {
  const [text, setText] = useState('');
  const [done, setDone] = useState('');
  const [error, setError] = useState('');
  const [typingSince, setTypingSince] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const timer = useRef<ReturnType<typeof setInterval>>();
  useEffect(() => {
    timer.current = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer.current);
  }, []);
  const suggestion = suggestSpoken(
    text,
    p.members.map((m) => m.name),
    p.prompts,
  );
  const act = async (what: string, f: () => Promise<void>) => {
    setError('');
    const acted = text;
    try {
      await f();
      setDone(what);
      // Whatever was typed meanwhile is a new thought: keep it.
      setText((t) => (t === acted ? '' : t));
      setTypingSince(null);
      setTimeout(() => setDone(''), 3000);
    } catch (e) {
      setError(shownError(e));
    }
  };
  const longTyping =
    p.presenceAidSeconds !== null && typingSince !== null && now - typingSince > p.presenceAidSeconds * 1000;
  return (
    <section class="card composer" aria-labelledby="composer-title">
      <h2 id="composer-title">{t('backchannel.composerTitle')}</h2>
      <label for="composer-text" class="sr-only">
        {t('backchannel.composerTitle')}
      </label>
      <textarea
        id="composer-text"
        autocomplete="off"
        rows={2}
        placeholder={t('backchannel.composerPlaceholder')}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setTypingSince((t) => t ?? Date.now());
        }}
      />
      {suggestion && (
        <div class="suggestion" aria-live="polite">
          <p class="quiet">{suggestion.prompt ? t('backchannel.couldSayPrompt') : t('backchannel.couldSayAsIs')}</p>
          <p class="spoken" data-spoken>
            <Spoken text={suggestion.spoken} name={suggestion.memberName && firstName(suggestion.memberName)} />
          </p>
        </div>
      )}
      <div class="row">
        <Button
          variant="primary"
          disabled={!text.trim()}
          onClick={() => void act(t('backchannel.notedAloud'), p.sayAloud)}
        >
          {t('backchannel.sayAloud')}
        </Button>
        {p.canPark && (
          <Button disabled={!text.trim()} onClick={() => void act(t('backchannel.keptDone'), () => p.park(text))}>
            {t('backchannel.keepForDebrief')}
          </Button>
        )}
        {p.canSend && (
          <Button
            class={p.open ? '' : 'ghost'}
            disabled={!text.trim() || !!p.sendUnavailable}
            aria-describedby={p.sendUnavailable ? 'send-unavailable' : undefined}
            onClick={() => void act(t('backchannel.sentPrivately'), () => p.sendNow(text))}
          >
            {t('backchannel.sendNow')}
          </Button>
        )}
      </div>
      {p.canSend && p.sendUnavailable && (
        <p class="quiet" id="send-unavailable">
          {t('backchannel.sendNowUnavailable', { reason: p.sendUnavailable })}
        </p>
      )}
      {longTyping && <p class="quiet presence-aid">{t('backchannel.presenceAid')}</p>}
      {done && (
        <p class="quiet" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
