import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../util/i18n';
import { Message } from '../common/Message';
import type { CoLeaderApi } from './api';
import { shownError } from '../../util/user-error';

type Api = Pick<CoLeaderApi, 'meetingPlace' | 'setMeetingPlace'>;

/** The scheme a managed broker's secure WebSocket address starts with: the same in every language. */
const SECURE_SCHEME = 'wss://';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether an address is this computer's own (the practice broker), where only panels on this machine meet. */
function thisComputer(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The three places co-leaders in two homes can meet, each with what whoever
 * runs it learns (docs/SECURITY.md, "The broker operator"), and the address
 * new invites name. Whoever runs the broker never gets a key: it relays
 * sealed messages, so it learns who meets when and how much, never what.
 */
export function WhereWeMeet({ api }: { api: Api }): JSX.Element {
  const [place, setPlace] = useState<{ brokerUrl: string; locked: boolean } | undefined>();
  const [draft, setDraft] = useState('');
  const [said, setSaid] = useState<{ ok: boolean; text: string; n: number }>({ ok: true, text: '', n: 0 });
  const refresh = async () => {
    const p = await api.meetingPlace();
    setPlace(p);
    return p;
  };
  useEffect(() => void refresh(), [api]);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api.setMeetingPlace(draft);
      await refresh();
      setDraft('');
      setSaid((s) => ({ ok: true, text: t('whereWeMeet.saved'), n: s.n + 1 }));
    } catch (err) {
      setSaid((s) => ({ ok: false, text: shownError(err), n: s.n + 1 }));
    }
  };
  return (
    <section class="card where-we-meet" aria-labelledby="meet-title">
      <h2 id="meet-title">{t('whereWeMeet.title')}</h2>
      <p class="quiet">{t('whereWeMeet.intro')}</p>
      <details data-path="clinic">
        <summary>{t('whereWeMeet.clinic')}</summary>
        <p>{t('whereWeMeet.clinicText')}</p>
      </details>
      <details data-path="managed">
        <summary>{t('whereWeMeet.managed')}</summary>
        <p>
          <Message id="whereWeMeet.managedText" parts={{ scheme: <code dir="ltr">{SECURE_SCHEME}</code> }} />
        </p>
      </details>
      <details data-path="own">
        <summary>{t('whereWeMeet.own')}</summary>
        <p>{t('whereWeMeet.ownText')}</p>
      </details>
      {place && (
        <p class="quiet" data-meeting-place={place.brokerUrl}>
          <Message
            id={thisComputer(place.brokerUrl) ? 'whereWeMeet.meetsAtHere' : 'whereWeMeet.meetsAt'}
            parts={{ url: <code dir="ltr">{place.brokerUrl}</code> }}
          />{' '}
          {place.locked ? t('whereWeMeet.clinicSets') : t('whereWeMeet.joinerTakes')}
        </p>
      )}
      {place && !place.locked && (
        <form onSubmit={(e) => void save(e)} aria-labelledby="meet-form-title">
          <h3 id="meet-form-title">{t('whereWeMeet.formTitle')}</h3>
          <label for="meet-url">{t('whereWeMeet.address')}</label>
          <input
            id="meet-url"
            type="url"
            inputMode="url"
            dir="ltr"
            placeholder={t('whereWeMeet.addressExample')}
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            required
          />
          <button type="submit">{t('whereWeMeet.saveAddress')}</button>
          <p class="quiet">{t('whereWeMeet.keepBroker')}</p>
        </form>
      )}
      <p
        role={said.ok ? 'status' : 'alert'}
        class={said.ok ? 'quiet' : 'warning'}
        data-meet-said={said.n}
        hidden={!said.text}
      >
        {said.text}
      </p>
    </section>
  );
}
