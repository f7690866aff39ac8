import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { momentDate, sessionDate } from '../../domain/clock';
import { decimal } from '../../util/format';
import type { SharedNote, SharedPractice, SharedSession, SupervisionComment } from '../../domain/supervision';
import { t } from '../../util/i18n';
import { Button } from '../common/Button';
import { Field } from '../common/Field';
import type { NewInvite } from '../coleader/api';
import type { CheckedSharedNote, SupervisionApi, SupervisionChannelInfo } from './api';
import { shownError } from '../../util/user-error';

const message = shownError;
const when = momentDate;
/** A device id as people read it out (as on the co-leader cards). */
const deviceCode = (id: string) => `${id.slice(0, 4)}-${id.slice(4, 8)}`;

const ROLE_LABEL = { trainee: 'supervision.yourSupervisor', supervisor: 'supervision.yourTrainee' } as const;

type Shared = { channelId: string; share: SharedSession; comments: SupervisionComment[] };
type SharedPracticeItem = { channelId: string; practice: SharedPractice; comments: SupervisionComment[] };

/**
 * Supervision, in the Co-leaders view: a trainee invites a supervisor (the
 * same spoken code as a co-leader), a supervisor joins; the supervisor then
 * reads the sessions the trainee shared, comments on each note and co-signs
 * signed ones. Works with no call open.
 */
export function SupervisionSection({ api }: { api: SupervisionApi }): JSX.Element {
  const [channels, setChannels] = useState<SupervisionChannelInfo[]>([]);
  const [shared, setShared] = useState<Shared[]>([]);
  const [practice, setPractice] = useState<SharedPracticeItem[]>([]);
  const [invite, setInvite] = useState<NewInvite | undefined>();
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const refresh = async () => {
    const [c, s, p] = await Promise.all([api.channels(), api.shared(), api.sharedPractice()]);
    setChannels(c);
    setShared(s);
    setPractice(p);
  };
  useEffect(() => {
    void refresh().catch((e: unknown) => setError(message(e)));
    const off = api.onChange(() => void refresh().catch(() => undefined));
    const timer = setInterval(() => void refresh().catch(() => undefined), 2000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [api]);
  const supervising = channels.some((c) => c.role === 'supervisor');
  return (
    <section class="card" aria-labelledby="supervision-title" data-supervision>
      <h2 id="supervision-title">{t('supervision.title')}</h2>
      <p class="quiet">{t('supervision.intro')}</p>
      {channels.length > 0 && (
        <ul class="plain">
          {channels.map((c) =>
            c.others.map((o) => (
              <li key={`${c.channelId}-${o.deviceId}`} data-supervision-channel={c.role}>
                <strong>{t(ROLE_LABEL[c.role])}</strong> <span class="mono">{deviceCode(o.deviceId)}</span>{' '}
                {o.verified ? (
                  <span class="badge" data-supervision-verified>
                    {t('supervision.verified')}
                  </span>
                ) : (
                  <span class="badge-warn">{t('supervision.notVerified')}</span>
                )}
                <p class="quiet">
                  {t('supervision.safetyNumber')} <span class="mono">{o.safetyNumber}</span>
                </p>
              </li>
            )),
          )}
        </ul>
      )}
      <div class="row">
        <Button
          onClick={() => {
            setError('');
            api.invite().then(setInvite, (e: unknown) => setError(message(e)));
          }}
        >
          {t('supervision.inviteSupervisor')}
        </Button>
      </div>
      {invite && (
        <div class="invite">
          <p>
            {t('supervision.sayCode')}{' '}
            <strong class="pairing-code" id="supervision-invite-code" data-pairing-code>
              {invite.code}
            </strong>
          </p>
          <Field
            as="textarea"
            id="supervision-invite-text"
            label={t('supervision.inviteText')}
            hint={t('supervision.inviteHint')}
            readOnly
            rows={3}
            spellcheck={false}
            value={invite.text}
          />
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <JoinAsSupervisor api={api} />
      {(supervising || shared.length > 0) && (
        <>
          <h3>{t('supervision.sharedTitle')}</h3>
          <Field
            id="supervision-name"
            label={t('supervision.yourName')}
            hint={t('supervision.yourNameHint')}
            spellcheck={false}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          {shared.length === 0 && <p class="quiet">{t('supervision.nothingShared')}</p>}
          {shared.map((s) => (
            <SharedSessionView
              key={`${s.channelId}-${s.share.sessionId}`}
              api={api}
              shared={s}
              name={name}
              onDone={() => void refresh()}
            />
          ))}
          {practice.length > 0 && (
            <>
              <h3>{t('supervision.practiceTitle')}</h3>
              <p class="quiet">{t('supervision.practiceApart')}</p>
              {practice.map((p) => (
                <SharedPracticeView
                  key={`${p.channelId}-${p.practice.id}`}
                  api={api}
                  item={p}
                  name={name}
                  onDone={() => void refresh()}
                />
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}

function JoinAsSupervisor({ api }: { api: SupervisionApi }): JSX.Element {
  const [text, setText] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  return (
    <details class="join-supervisor">
      <summary>{t('supervision.joinTitle')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setMsg(undefined);
          api.join(text, code).then(
            () => {
              setMsg({ ok: true, text: t('supervision.joined') });
              setText('');
              setCode('');
              setBusy(false);
            },
            (err: unknown) => {
              setMsg({ ok: false, text: t('supervision.joinFailed', { error: message(err) }) });
              setBusy(false);
            },
          );
        }}
      >
        <Field
          as="textarea"
          id="supervision-join-text"
          label={t('supervision.joinText')}
          rows={3}
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <Field
          id="supervision-join-code"
          label={t('supervision.joinCode')}
          inputMode="numeric"
          spellcheck={false}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        {msg && (
          <p class={msg.ok ? 'quiet' : 'error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={busy || !text.trim() || !code.trim()}>
          {t('supervision.join')}
        </Button>
      </form>
    </details>
  );
}

/** One shared session: its markers and debrief, and each note with its signatures, comments and actions. */
function SharedSessionView({
  api,
  shared,
  name,
  onDone,
}: {
  api: SupervisionApi;
  shared: Shared;
  name: string;
  onDone: () => void;
}): JSX.Element {
  const { share } = shared;
  const [checks, setChecks] = useState<CheckedSharedNote[]>([]);
  useEffect(() => void api.check(share).then(setChecks), [share]);
  const names = new Map(share.members.map((m) => [m.id, m.name]));
  const title = `${share.groupName}, ${sessionDate(share.startedAt)}`;
  return (
    <article class="shared-session" aria-label={title} data-shared-session={share.sessionId}>
      <h4>{title}</h4>
      <p class="quiet">{t('supervision.sharedOn', { when: when(share.sharedAt) })}</p>
      {share.notes.map((n) => (
        <SharedNoteView
          key={n.id}
          api={api}
          channelId={shared.channelId}
          note={n}
          who={n.memberId ? (names.get(n.memberId) ?? t('common.member')) : undefined}
          check={checks.find((c) => c.noteId === n.id)}
          comments={shared.comments.filter((c) => c.noteId === n.id)}
          name={name}
          onDone={onDone}
        />
      ))}
      {share.markers.length > 0 && (
        <details>
          <summary>{t('supervision.markers', { count: share.markers.length })}</summary>
          <ul class="plain">
            {share.markers.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </details>
      )}
      {share.debrief.length > 0 && (
        <details>
          <summary>{t('supervision.debrief', { count: share.debrief.length })}</summary>
          <ul class="plain">
            {share.debrief.map((d, i) => (
              <li key={i}>
                <bdi>{d.author}</bdi>: {d.text}
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function SharedNoteView({
  api,
  channelId,
  note,
  who,
  check,
  comments,
  name,
  onDone,
}: {
  api: SupervisionApi;
  channelId: string;
  note: SharedNote;
  who: string | undefined;
  check: CheckedSharedNote | undefined;
  comments: SupervisionComment[];
  name: string;
  onDone: () => void;
}): JSX.Element {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const act = (p: Promise<void>, after?: () => void) => {
    setError('');
    p.then(
      () => {
        after?.();
        onDone();
      },
      (e: unknown) => setError(message(e)),
    );
  };
  const fields = note.amendments?.at(-1)?.fields ?? note.signed?.fields ?? note.fields;
  const cosignedByMe = check?.cosigns.some((c) => c.mine && c.latest && c.valid);
  const id = `sv-${note.id}`;
  return (
    <section class="shared-note" aria-label={who ? `${note.label}, ${who}` : note.label} data-shared-note={note.id}>
      <h5>
        {note.label}
        {who && (
          <>
            {' '}
            · <bdi>{who}</bdi>
          </>
        )}
      </h5>
      <dl class="record-fields">
        {Object.entries(fields)
          .filter(([, v]) => v.trim())
          .map(([k, v]) => (
            <div key={k}>
              <dt>{note.labels[k] ?? k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {check?.seals.map((s, i) => (
        <p key={i} class="seal-line" data-seal={s.kind}>
          {t(s.kind === 'original' ? 'supervision.signedBy' : 'supervision.amendedBy', { name: s.seal.name })},{' '}
          {when(s.seal.at)}{' '}
          <span class={s.valid ? 'badge' : 'badge-warn'}>
            {s.valid ? t('supervision.holds') : t('supervision.doesNotHold')}
          </span>
        </p>
      ))}
      {check?.cosigns.map((c, i) => (
        <p key={i} class="seal-line" data-cosign={c.valid ? 'valid' : 'broken'}>
          {t('supervision.cosignedBy', { name: c.cosign.name })}, {when(c.cosign.at)}{' '}
          <span class={c.valid ? 'badge' : 'badge-warn'}>
            {c.valid ? t('supervision.holds') : t('supervision.doesNotHold')}
          </span>
        </p>
      ))}
      {!note.signed && <p class="quiet">{t('supervision.notSigned')}</p>}
      {comments.length > 0 && (
        <ul class="plain comments">
          {comments.map((c) => (
            <li key={c.id} data-comment>
              <strong>
                <bdi>{c.name}</bdi>
              </strong>{' '}
              ({when(c.at)}): {c.text}
            </li>
          ))}
        </ul>
      )}
      <Field
        as="textarea"
        id={`${id}-comment`}
        label={t('supervision.comment')}
        rows={2}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <Button
          disabled={!text.trim()}
          onClick={() => act(api.comment(channelId, note.sessionId, note.id, text, name), () => setText(''))}
        >
          {t('supervision.sendComment')}
        </Button>
        {note.signed && !cosignedByMe && (
          <Button variant="primary" onClick={() => act(api.cosign(channelId, note.sessionId, note.id, name))}>
            {t('supervision.cosign')}
          </Button>
        )}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const COLEADER = {
  true: 'supervision.practiceCoLeaderNoticed',
  false: 'supervision.practiceCoLeaderMissed',
} as const;

/** One shared practice debrief, labelled as practice: how each moment was met, comments, and a comment box. */
function SharedPracticeView({
  api,
  item,
  name,
  onDone,
}: {
  api: SupervisionApi;
  item: SharedPracticeItem;
  name: string;
  onDone: () => void;
}): JSX.Element {
  const { practice: p } = item;
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const noticed = p.moments.filter((m) => m.noticed).length;
  const aloud = p.moments.filter((m) => m.namedAloud).length;
  const id = `sv-practice-${p.id}`;
  return (
    <article
      class="shared-session shared-practice"
      aria-label={`${t('supervision.practiceLabel')}: ${p.title}`}
      data-shared-practice={p.id}
    >
      <h4>
        <span class="badge">{t('supervision.practiceLabel')}</span> {p.title}
      </h4>
      <p class="quiet">
        {when(p.startedAt)} · {t(p.pair ? 'supervision.practicePair' : 'supervision.practiceSolo')}
        {p.speed === 2 && ` · ${t('supervision.practiceDouble')}`} ·{' '}
        {t('supervision.sharedOn', { when: when(p.sharedAt) })}
      </p>
      <p data-practice-summary>{t('supervision.practiceSummary', { noticed, total: p.moments.length, aloud })}</p>
      <ul class="plain">
        {p.moments.map((m) => (
          <li key={m.id} data-moment={m.id} data-noticed={m.noticed ? 'yes' : 'no'}>
            <strong>{m.what}.</strong>{' '}
            {m.noticed && m.afterSeconds !== null
              ? t('supervision.practiceNoticed', { seconds: decimal(m.afterSeconds) })
              : t('supervision.practiceMissed')}
            {m.namedAloud && `; ${t('supervision.practiceAloud')}`}
            {m.coLeaderNoticed !== undefined && `; ${t(COLEADER[`${m.coLeaderNoticed}`])}`}
          </li>
        ))}
      </ul>
      {item.comments.length > 0 && (
        <ul class="plain comments">
          {item.comments.map((c) => (
            <li key={c.id} data-comment>
              <strong>
                <bdi>{c.name}</bdi>
              </strong>{' '}
              ({when(c.at)}): {c.text}
            </li>
          ))}
        </ul>
      )}
      <Field
        as="textarea"
        id={`${id}-comment`}
        label={t('supervision.practiceComment')}
        rows={2}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <Button
          disabled={!text.trim()}
          onClick={() => {
            setError('');
            api.commentPractice(item.channelId, p.id, text, name).then(
              () => {
                setText('');
                onDone();
              },
              (e: unknown) => setError(message(e)),
            );
          }}
        >
          {t('supervision.sendComment')}
        </Button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
