// The messages a build writes for each language, made from locales/*.yml by @wxt-dev/i18n's own build functions.
import { join } from 'node:path';
import { generateChromeMessages, parseMessagesFile, type ParsedMessage } from '@wxt-dev/i18n/build';
import type { Language, Messages } from '../../util/i18n';

export const LOCALES_DIR = join(import.meta.dirname, '../../locales');

/** The parsed messages of one language's file, without the browser's predefined @@ keys. */
export async function parsedMessages(lang: Language): Promise<ParsedMessage[]> {
  const all = await parseMessagesFile(join(LOCALES_DIR, `${lang}.yml`));
  return all.filter((m) => !m.key[0]!.startsWith('@@'));
}

/** What _locales/<lang>/messages.json holds in a build. */
export async function builtMessages(lang: Language): Promise<Messages> {
  return generateChromeMessages(await parsedMessages(lang)) as Messages;
}
