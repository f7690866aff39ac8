import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { scenarioMsAt, type PairDebrief, type PairMomentResult, type Role } from '../../domain/rehearsal';
import type { Speed } from '../../domain/scenario';
import { t } from '../../util/i18n';
import { decimal } from '../../util/format';
import { momentDate } from '../../domain/clock';
import { Button } from '../common/Button';
import { Card } from '../common/Card';
import { useLive } from '../useLive';
import type { RehearsalInfo, RehearseApi } from './api';

/** The families a rehearsal mark can have, in the order of the mark buttons. */
const MARK_FAMILIES = ['frame', 'body', 'presence', 'background', 'alliance', 'signal', 'general'] as const;

const FAMILY_LABELS: Record<string, () => string> = {
  general: () => t('rehearse.family.general'),
  frame: () => t('rehearse.family.frame'),
  body: () => t('rehearse.family.body'),
  presence: () => t('rehearse.family.presence'),
  background: () => t('rehearse.family.background'),
  alliance: () => t('rehearse.family.alliance'),
  signal: () => t('rehearse.family.signal'),
  coleader: () => t('rehearse.family.coleader'),
};
/** A family's label by its id; anything else (a label kept in an older debrief) as it is. */
export const familyLabel = (id: string): string => FAMILY_LABELS[id]?.() ?? id;
const speedWords = (s: Speed) => (s === 2 ? t('rehearse.atDouble') : t('rehearse.atNormal'));
const seconds = (n: number) => t('rehearse.debrief.seconds', { n: decimal(n) });
const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** The scenario time, redrawn while it plays. */
function useScenarioMs(r: RehearsalInfo | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!r?.clock.playing) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [r?.clock.playing, r?.clock.wall]);
  return r ? scenarioMsAt(r.clock, Math.max(now, r.clock.wall)) : 0;
}

function StartForm({ api }: { api: RehearseApi }): JSX.Element {
  const [pairs, setPairs] = useState<{ groupId: string; name: string }[] | undefined>(undefined);
  const [group, setGroup] = useState('');
  const [scenario, setScenario] = useState(api.scenarios[0]?.id ?? '');
  const [speed, setSpeed] = useState<Speed>(1);
  const [error, setError] = useState('');
  useEffect(() => {
    void api.pairs().then((p) => {
      setPairs(p);
      setGroup(p[0]?.groupId ?? '');
    });
  }, []);
  if (!pairs) return <p class="quiet">{t('common.opening')}</p>;
  if (!pairs.length) return <p class="quiet">{t('rehearse.needPair')}</p>;
  return (
    <form
      class="stack"
      onSubmit={(e) => {
        e.preventDefault();
        setError('');
        api.start(group, scenario, speed).catch((x: Error) => setError(x.message));
      }}
    >
      <label>
        {t('rehearse.group')}
        <select id="rehearse-group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {pairs.map((p) => (
            <option key={p.groupId} value={p.groupId}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rehearse.scenario')}
        <select id="rehearse-scenario" value={scenario} onChange={(e) => setScenario(e.currentTarget.value)}>
          {api.scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {t('rehearse.scenarioOption', { title: s.title, minutes: s.minutes })}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('rehearse.speed')}
        <select
          id="rehearse-speed"
          value={String(speed)}
          onChange={(e) => setSpeed(Number(e.currentTarget.value) as Speed)}
        >
          <option value="1">{t('rehearse.normal')}</option>
          <option value="2">{t('rehearse.double')}</option>
        </select>
      </label>
      <p class="row">
        <Button type="submit" variant="primary">
          {t('rehearse.start')}
        </Button>
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Playing({ api, r }: { api: RehearseApi; r: RehearsalInfo }): JSX.Element {
  const at = useScenarioMs(r);
  const total = clock(r.minutes * 60_000);
  const [error, setError] = useState('');
  const act = (p: Promise<void>) => void p.catch((x: Error) => setError(x.message));
  const partner = r.declined ? 'rehearse.declined' : r.joined ? 'rehearse.together' : 'rehearse.waiting';
  return (
    <div class="stack" data-rehearsal={r.id} data-rehearsal-state={r.clock.playing ? 'playing' : 'paused'}>
      <p role="status" data-rehearsal-clock>
        {r.clock.playing
          ? t('rehearse.playing', { title: r.title, at: clock(at), total, speed: speedWords(r.clock.speed) })
          : t('rehearse.paused', { title: r.title, at: clock(at), total })}
      </p>
      <p class="quiet" data-partner>
        {t(partner)} {t('rehearse.marks', { mine: r.mine, theirs: r.theirs })}
      </p>
      <p class="row">
        {r.clock.playing ? (
          <Button onClick={() => act(api.pause())}>{t('rehearse.pause')}</Button>
        ) : (
          <Button onClick={() => act(api.resume())}>{t('rehearse.resume')}</Button>
        )}
        <label>
          {t('rehearse.speed')}
          <select
            id="rehearse-live-speed"
            value={String(r.clock.speed)}
            onChange={(e) => act(api.setSpeed(Number(e.currentTarget.value) as Speed))}
          >
            <option value="1">{t('rehearse.normal')}</option>
            <option value="2">{t('rehearse.double')}</option>
          </select>
        </label>
        <Button variant="destructive" onClick={() => act(api.stop())}>
          {t('rehearse.stop')}
        </Button>
      </p>
      <fieldset class="rehearse-marks">
        <legend>{t('rehearse.markTitle')}</legend>
        <p class="row">
          {MARK_FAMILIES.map((f) => (
            <Button key={f} data-family={f} onClick={() => act(api.mark(f))}>
              {familyLabel(f)}
            </Button>
          ))}
          <Button data-family="aloud" onClick={() => act(api.mark('coleader', true))}>
            {t('rehearse.aloud')}
          </Button>
        </p>
      </fieldset>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * Rehearse together: start a scenario with a paired co-leader, or join the
 * one they started; then pause, resume, change speed and stop for both, and
 * mark what you notice. The joint debrief shows under Debriefs.
 */
export function RehearseTogether({ api }: { api: RehearseApi }): JSX.Element {
  const r = useLive(() => api.state(), []).value ?? null;
  const [error, setError] = useState('');
  const act = (p: Promise<void>) => void p.catch((x: Error) => setError(x.message));
  return (
    <Card title={t('rehearse.title')} data-rehearse>
      <p class="quiet">{t('rehearse.intro')}</p>
      {r?.phase === 'over' && (
        <p role="status" data-rehearsal-over>
          {t('rehearse.over')}{' '}
          <Button variant="link" onClick={() => act(api.dismiss())}>
            {t('rehearse.again')}
          </Button>
        </p>
      )}
      {!r && <StartForm api={api} />}
      {r?.phase === 'asked' && (
        <div class="stack" data-rehearsal-ask>
          <p role="status">
            {t('rehearse.asked', { title: r.title, group: r.groupName, speed: speedWords(r.clock.speed) })}
          </p>
          <p class="row">
            <Button variant="primary" onClick={() => act(api.join())}>
              {t('rehearse.join')}
            </Button>
            <Button onClick={() => act(api.decline())}>{t('rehearse.notNow')}</Button>
          </p>
        </div>
      )}
      {r?.phase === 'on' && <Playing api={api} r={r} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </Card>
  );
}

function outcome(m: PairMomentResult, me: Role): string {
  const them: Role = me === 'a' ? 'b' : 'a';
  const mine = m.after[me];
  const theirs = m.after[them];
  if (mine !== null && theirs !== null)
    return t('rehearse.debrief.both', { you: seconds(mine), them: seconds(theirs) });
  if (mine !== null) return t('rehearse.debrief.mine', { after: seconds(mine) });
  if (theirs !== null) return t('rehearse.debrief.theirs', { after: seconds(theirs) });
  return t('rehearse.debrief.neither', { counts: m.counts.map(familyLabel).join(', ') });
}

/** A pair rehearsal's joint debrief: for each moment, who noticed it, how fast, and whether it was named aloud. */
export function PairDebriefView({ d }: { d: PairDebrief }): JSX.Element {
  const them: Role = d.me === 'a' ? 'b' : 'a';
  return (
    <article class="card" aria-label={t('rehearse.debrief.label', { title: d.title })} data-debrief={d.id} data-pair>
      <h3>{d.title}</h3>
      <p class="quiet">{t('rehearse.debrief.when', { date: momentDate(d.startedAt), speed: speedWords(d.speed) })}</p>
      <p data-debrief-summary>
        {t('rehearse.debrief.summary', {
          either: d.noticed.either,
          total: d.moments.length,
          mine: d.noticed[d.me],
          theirs: d.noticed[them],
          aloud: d.namedAloud,
        })}
      </p>
      {d.partial && <p class="quiet">{t('rehearse.debrief.partial')}</p>}
      <ul class="plain">
        {d.moments.map((m) => (
          <li key={m.id} data-moment={m.id} data-noticed-by={m.noticedBy}>
            <strong>{m.what}.</strong> {outcome(m, d.me)}
            {(m.aloud.a || m.aloud.b) && ` ${t('rehearse.debrief.aloud')}`}
            <br />
            <span class="quiet">{m.why}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}
