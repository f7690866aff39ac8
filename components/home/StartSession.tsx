import type { JSX } from 'preact';
import { t } from '../../util/i18n';
import { useEffect, useState } from 'preact/hooks';
import type { Client, Group, OwnerKind } from '../../domain/types';
import type { CallInfo, SessionApi } from '../session/api';
import { Button } from '../common/Button';
import { Field } from '../common/Field';

interface Props {
  api: SessionApi;
  groups: Group[];
  clients: Client[];
  call: CallInfo | null;
  /** Opens Groups and clients, where a first group or client is added. */
  onAddPeople?: () => void;
}

/** Start from the detected call (suggesting who met here before) or by hand. */
export function StartSession({ api, groups, clients, call, onAddPeople }: Props): JSX.Element {
  const [choice, setChoice] = useState('');
  const [suggested, setSuggested] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!call?.meetingId) return;
    void api.session.suggestOwner(call).then((s) => {
      if (!s) return;
      const v = `${s.ownerKind}:${s.ownerId}`;
      setSuggested(v);
      setChoice((c) => c || v);
    });
  }, [call?.meetingId]);
  const activeGroups = groups.filter((g) => !g.archived);
  const activeClients = clients.filter((c) => !c.archived);
  if (!activeGroups.length && !activeClients.length)
    return (
      <section class="card" aria-labelledby="start-title">
        <h2 id="start-title">{t('start.title')}</h2>
        <p class="quiet">{t('start.addFirst')}</p>
        {onAddPeople && (
          <Button variant="primary" onClick={onAddPeople}>
            {t('start.addPeople')}
          </Button>
        )}
      </section>
    );
  return (
    <form
      class="card"
      aria-labelledby="start-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const [kind, id] = choice.split(':') as [OwnerKind, string];
        if (!id) return;
        setBusy(true);
        await api.session.start(kind, id, call);
        setBusy(false);
      }}
    >
      <h2 id="start-title">{t('start.title')}</h2>
      <Field
        as="select"
        id="start-owner"
        label={t('start.with')}
        value={choice}
        onChange={(e) => setChoice(e.currentTarget.value)}
      >
        <option value="" disabled>
          {t('start.choose')}
        </option>
        {activeGroups.length > 0 && (
          <optgroup label={t('start.groups')}>
            {activeGroups.map((g) => (
              <option key={g.id} value={`group:${g.id}`}>
                {g.name}
                {suggested === `group:${g.id}` ? t('start.metHere') : ''}
              </option>
            ))}
          </optgroup>
        )}
        {activeClients.length > 0 && (
          <optgroup label={t('start.clients')}>
            {activeClients.map((c) => (
              <option key={c.id} value={`client:${c.id}`}>
                {c.name}
                {suggested === `client:${c.id}` ? t('start.metHere') : ''}
              </option>
            ))}
          </optgroup>
        )}
      </Field>
      <Button type="submit" variant="primary" big disabled={!choice || busy}>
        {t('start.start')}
      </Button>
    </form>
  );
}
