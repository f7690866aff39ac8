import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { CoLeaderApi } from './api';

type Api = Pick<CoLeaderApi, 'meetingPlace' | 'setMeetingPlace'>;

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
      setSaid((s) => ({ ok: true, text: 'Saved. New invites name this broker.', n: s.n + 1 }));
    } catch (err) {
      setSaid((s) => ({ ok: false, text: (err as Error).message, n: s.n + 1 }));
    }
  };
  return (
    <section class="card where-we-meet" aria-labelledby="meet-title">
      <h2 id="meet-title">Where do we meet?</h2>
      <p class="quiet">
        Your panels meet on a broker: a relay that passes sealed messages between you. It never holds a key, so it
        cannot read names, notes or markers. Whoever runs it can see which devices meet, when, from which internet
        addresses, and how much they send.
      </p>
      <details data-path="clinic">
        <summary>Your clinic's broker</summary>
        <p>
          Your clinic's IT runs it and sets it for you. They learn who meets when, as above, and nothing else. Ask them
          for an account for this device alone, so that no one else's account can follow your channels.
        </p>
      </details>
      <details data-path="managed">
        <summary>A managed MQTT service</summary>
        <p>
          A company runs the broker for you; some have a free tier for a few devices. It learns who meets when and from
          where, keeps its own logs under its own terms, and could cut you off; it cannot read anything. You need its
          secure WebSocket address (it starts with <code>wss://</code>) and one account per device, each allowed only
          your channels' topics. Step by step: "A managed MQTT service" in Squircle's broker/README.md.
        </p>
      </details>
      <details data-path="own">
        <summary>Your own small server</summary>
        <p>
          One of you rents a small server and runs Mosquitto on it with one command (broker/deploy/ in Squircle's
          source). Then only the two of you learn who meets when; the hosting company sees only encrypted traffic, its
          size and timing. You need a domain name for it, and a certificate from Let's Encrypt.
        </p>
      </details>
      {place && (
        <p class="quiet" data-meeting-place={place.brokerUrl}>
          New invites meet at <code>{place.brokerUrl}</code>
          {thisComputer(place.brokerUrl) ? ', on this computer only: practice, both panels on one machine.' : '.'}
          {place.locked ? ' Your clinic sets this.' : ' The co-leader who joins takes it from your invite.'}
        </p>
      )}
      {place && !place.locked && (
        <form onSubmit={(e) => void save(e)} aria-labelledby="meet-form-title">
          <h3 id="meet-form-title">Meet somewhere else</h3>
          <label for="meet-url">Broker address</label>
          <input
            id="meet-url"
            type="url"
            inputMode="url"
            placeholder="wss://mqtt.example.org/mqtt"
            value={draft}
            onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            required
          />
          <button type="submit">Save address</button>
          <p class="quiet">Channels you already paired keep their broker.</p>
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
