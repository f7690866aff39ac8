import { liveQuery } from 'dexie';
import { passphraseStrength } from '../../crypto/passphrase';
import { SquircleDb } from '../../storage/db';
import { ScratchRepo } from '../../storage/scratch-repo';
import { PromptsRepo } from '../../storage/prompts-repo';
import { libraryOf } from '../../domain/prompts';
import { retentionNotice, retentionNoticeText } from '../../storage/retention-notice';
import { backupApi, restoreIntoEmptyProfile } from './backup-api';
import { clinicBrokerAccount, type Settings } from '../../policy/settings';
import type { BackchannelApi } from '../../components/backchannel/api';
import { Backchannel } from './backchannel';
import { CoLeaderService } from './coleader-service';
import { safetyApi } from './safety-api';
import { SessionActions } from '../shared/session-actions';
import { deviceId } from '../shared/device';
import { historyApi, sessionApi } from './panel-api';
import { VaultService } from './vault-service';

/**
 * One place that builds what an extension page needs, so entrypoints stay
 * thin and components receive plain functions.
 */
export function pageServices() {
  const db = new SquircleDb();
  const vault = new VaultService(db);
  return {
    db,
    vault,
    strength: passphraseStrength,
    /** What retention last deleted, in words, if it ever did. */
    retentionNotice: async () => {
      const n = await retentionNotice(db);
      return n && retentionNoticeText(n);
    },
    /** Restores a backup into a profile that has no vault yet, then unlocks it. */
    restore: async (text: string, passphrase: string) => {
      await restoreIntoEmptyProfile(db, text, passphrase);
      await vault.unlock(passphrase);
    },
    scratch: {
      load: () => new ScratchRepo(db, vault.fields()).load(),
      save: (text: string) => new ScratchRepo(db, vault.fields()).save(text),
    },
    /** The APIs of the unlocked panel; build again after each unlock. */
    unlocked: async (opts: {
      settings: Settings;
      exportAllowed: boolean;
      perMemberExportAllowed: boolean;
      backupAllowed: boolean;
      openPrint: (id: string, c: 'process' | 'progress') => void;
    }) => {
      const cipher = vault.fields();
      const coleaders = new CoLeaderService(
        db,
        cipher,
        () => opts.settings.brokerUrl,
        undefined,
        () => ({
          hostsAllowed: opts.settings.brokerHostsAllowed,
          account: clinicBrokerAccount(opts.settings),
        }),
      );
      const author = await deviceId();
      const backchannel = new Backchannel(
        db,
        cipher,
        new SessionActions(db, cipher, author, Date.now, coleaders.sink),
        () => opts.settings,
        coleaders.sink,
      );
      coleaders.may = (groupId, action) => backchannel.may(groupId, action);
      coleaders.sessionEnded = (id) => backchannel.deliverParked(id);
      const backchannelApi: BackchannelApi = {
        mode: (g) => backchannel.mode(g),
        choices: () => backchannel.choices(),
        setMode: (g, m) => backchannel.setMode(g, m),
        may: (g, a) => backchannel.may(g, a),
        signal: (s, k, m) => backchannel.signal(s, k, m ?? null),
        sayAloud: (s) => backchannel.sayAloud(s),
        park: (s, t) => backchannel.park(s, t),
        sendNow: (s, t) => backchannel.sendNow(s, t),
        debrief: (id) => liveQuery(() => backchannel.debrief(id)),
        messages: (id) => liveQuery(() => backchannel.messagesOf(id)),
        prompts: async () => libraryOf(opts.settings.clinicPrompts, await new PromptsRepo(db, cipher).list()),
        addPrompt: async (theme, text) => void (await new PromptsRepo(db, cipher).add(theme, text)),
        me: author,
        presenceAidSeconds: opts.settings.presenceAid ? opts.settings.presenceAidSeconds : null,
        signalSound: opts.settings.signalSound,
      };
      return {
        coleaders,
        backchannel,
        backchannelApi,
        safety: safetyApi(db, cipher),
        session: sessionApi(
          db,
          cipher,
          vault.key(),
          author,
          coleaders.sink,
          (id) => backchannel.deliverParked(id),
          opts.settings.markerCategories,
        ),
        history: historyApi(db, cipher, opts),
        backup: backupApi(db, cipher, opts.backupAllowed),
      };
    },
  };
}

export type PageServices = ReturnType<typeof pageServices>;
