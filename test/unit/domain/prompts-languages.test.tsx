// The say-aloud prompts in every language: a thought typed in the panel's language (or in English, whatever the
// panel's language) finds its theme, and the prompt comes in the panel's language with the member's first name.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Composer } from '../../../components/backchannel/Composer';
import { PromptLibrary } from '../../../components/backchannel/PromptLibrary';
import {
  BUILT_IN_PROMPTS,
  THEME_LABELS,
  fill,
  suggestSpoken,
  themeOf,
  type PromptTheme,
} from '../../../domain/prompts';
import type { Member } from '../../../domain/types';
import { LANGUAGES, useMessages, type Language, type Messages } from '../../../util/i18n';
import { builtMessages } from '../../support/messages';
import { useTestDom } from '../components/dom';

const english = await builtMessages('en');
const messages = Object.fromEntries(
  await Promise.all(LANGUAGES.map(async (l) => [l, await builtMessages(l)] as const)),
) as Record<Language, Messages>;
const speak = (lang: Language) => useMessages(lang, messages[lang]!, english);
const text = (lang: Language, key: string, member: string) =>
  messages[lang]![`promptText_${key}`]!.message.replace('{member}', member);

/** For each language, thoughts as a leader would type them, the theme they point to, and the prompt's key. */
const THOUGHTS: Record<Exclude<Language, 'en'>, [string, PromptTheme, string][]> = {
  de: [
    ['Devon ist schon die ganze Zeit so still, kannst du ihn einladen?', 'silence', 'si1'],
    ['Devon schweigt seit einer Weile', 'silence', 'si1'],
    ['Wir überziehen gleich, sollen wir abrunden?', 'time', 'tm1'],
    ['Bei Devon läuft was im Bildhintergrund', 'background', 'bg1'],
    ['ich glaube, ich habe Devons Punkt falsch verstanden', 'repair', 'rp1'],
    ['Devon ist näher an die Kamera gerückt', 'body', 'bd2'],
    ['Devons Gesichtsausdruck hat sich verändert', 'coleaders', 'cl1'],
    ['ich bin gerade ganz gerührt', 'disclosure', 'ds2'],
    ['Lass uns an einen Sitzkreis denken', 'imagine', 'im1'],
  ],
  es: [
    ['Devon lleva rato callado, ¿lo invitamos?', 'silence', 'si1'],
    ['Devon no ha dicho nada en toda la sesion', 'silence', 'si1'],
    ['Nos estamos pasando de la hora', 'time', 'tm1'],
    ['Algo pasa detrás de Devon', 'background', 'bg1'],
    ['Creo que me equivoqué con Devon', 'repair', 'rp1'],
    ['Devon se acercó a la pantalla', 'body', 'bd2'],
    ['Devon está llorando', 'coleaders', 'cl1'],
    ['Me siento muy conmovida', 'disclosure', 'ds2'],
    ['Podríamos formar un círculo', 'imagine', 'im1'],
  ],
  he: [
    ['Devon שותק כבר הרבה זמן, אפשר להזמין אותו?', 'silence', 'si1'],
    ['והשקט של Devon מדאיג אותי', 'silence', 'si1'],
    ['אנחנו חורגים מהזמן, אולי נתחיל לסיים', 'time', 'tm1'],
    ['יש משהו ברקע אצל Devon', 'background', 'bg1'],
    ['נדמה לי שפספסתי את מה שDevon אמר', 'repair', 'rp1'],
    ['Devon התקרב למסך', 'body', 'bd2'],
    ['Devon נראה נסער', 'coleaders', 'cl1'],
    ['אני מרגישה שזה נוגע בי', 'disclosure', 'ds2'],
    ['בואו נשב במעגל', 'imagine', 'im1'],
  ],
};

describe.each(Object.entries(THOUGHTS) as [Exclude<Language, 'en'>, [string, PromptTheme, string][]][])(
  'prompts in %s',
  (lang, thoughts) => {
    it.each(thoughts)(
      '"%s" points to %s and gets its prompt in the language, with the first name',
      (thought, theme, key) => {
        speak(lang);
        const s = suggestSpoken(thought, ['Devon Lake', 'Rae Moss']);
        expect(s?.prompt?.theme).toBe(theme);
        expect(s?.spoken).toBe(text(lang, key, 'Devon').replace(/^./u, (c) => c.toLocaleUpperCase()));
      },
    );

    it('still finds English words in a thought typed in English', () => {
      speak(lang);
      const s = suggestSpoken('Devon has been silent for a while', ['Devon Lake']);
      expect(s?.prompt?.id).toBe('si-1');
      expect(s?.spoken).toBe(text(lang, 'si1', 'Devon'));
    });

    it('names each theme and says every built-in prompt in the language, never in English', () => {
      speak(lang);
      for (const theme of Object.keys(THEME_LABELS) as PromptTheme[])
        expect(THEME_LABELS[theme]).toBe(
          messages[lang]![
            `promptText_theme${theme === 'here-and-now' ? 'HereAndNow' : theme[0]!.toUpperCase() + theme.slice(1)}`
          ]!.message,
        );
      for (const p of BUILT_IN_PROMPTS) {
        const said = fill(p.text, 'Devon Lake');
        expect(said).not.toBe(fill(englishText(p.id), 'Devon Lake'));
        expect(said).not.toContain('{member}');
        expect(said).not.toContain('Lake');
      }
    });
  },
);

const englishText = (id: string) => english[`promptText_${id.replace('-', '')}`]!.message;

describe('cues written for the language', () => {
  it('German: inflections and compounds count, a word inside another word does not', () => {
    expect(themeOf('Sie wirkt sehr zurückhaltend', 'de')).toBe('silence');
    expect(themeOf('sein Atemrhythmus ist schnell', 'de')).toBe('body');
    expect(themeOf('sie hat die Tränen in den Augen', 'de')).toBe('coleaders');
    expect(themeOf('Das Wetter ist schön', 'de')).toBeUndefined();
    // "Kind" is a cue; "Kindheit" (childhood) and "Tür" in "Türkei" are not.
    expect(themeOf('er spricht über seine Kindheit in der Türkei', 'de')).toBeUndefined();
  });

  it('Spanish: with or without accents, in either gender', () => {
    expect(themeOf('se acabó el tiempo', 'es')).toBe('time');
    expect(themeOf('se acabo el tiempo', 'es')).toBe('time');
    expect(themeOf('está muy callada', 'es')).toBe('silence');
    expect(themeOf('hay un niño detrás', 'es')).toBe('background');
    expect(themeOf('hay un nino detras', 'es')).toBe('background');
    expect(themeOf('el tiempo está bonito hoy', 'es')).toBeUndefined();
  });

  it('Hebrew: after joined prefixes (ו ש ה ב ל מ כ), not inside another word', () => {
    expect(themeOf('יש רעש בחדר שלה', 'he')).toBe('background');
    expect(themeOf('והשתיקה נמשכת', 'he')).toBe('silence');
    expect(themeOf('כשהגוף שלו זז', 'he')).toBe('body');
    // "מחדרים" (from rooms, plural) is not "חדר" as a word, and "גופן" (a font) is not "גוף" (body).
    expect(themeOf('החלפתי גופן במצגת', 'he')).toBeUndefined();
    expect(themeOf('הכול בסדר', 'he')).toBeUndefined();
  });

  it('English cues work in every panel language; another language’s do not', () => {
    for (const lang of LANGUAGES) expect(themeOf('we are running over', lang)).toBe('time');
    expect(themeOf('Devon ist so still', 'en')).toBeUndefined();
    expect(themeOf('Devon ist so still', 'es')).toBeUndefined();
  });

  it('finds a Hebrew name after a joined prefix, and a German name in the genitive', () => {
    speak('he');
    expect(suggestSpoken('לדנה יש משהו ברקע', ['דנה כהן'])?.memberName).toBe('דנה כהן');
    expect(suggestSpoken('לדנה יש משהו ברקע', ['דנה כהן'])?.spoken).toBe(text('he', 'bg1', 'דנה'));
    speak('de');
    expect(suggestSpoken('Devons Gesicht ist ganz starr', ['Devon Lake'])?.memberName).toBe('Devon Lake');
  });
});

describe('the composer and the library show the name apart from the sentence', () => {
  const dom = useTestDom();
  const members: Member[] = [{ id: 'm1', groupId: 'g', name: 'Devon Lake', createdAt: 1, updatedAt: 1 } as Member];

  it('Hebrew: the composer offers the Hebrew prompt, the Latin name in <bdi>, in the language’s quotes', async () => {
    speak('he');
    await act(() =>
      render(
        h(Composer, {
          members,
          canPark: true,
          canSend: false,
          sendUnavailable: null,
          open: false,
          sayAloud: async () => undefined,
          park: async () => undefined,
          sendNow: async () => undefined,
          presenceAidSeconds: null,
        }),
        dom.root,
      ),
    );
    const box = dom.root.querySelector('textarea')!;
    await act(() => void dom.type(box, 'Devon שותק כבר הרבה זמן'));
    const spoken = dom.root.querySelector('[data-spoken]')!;
    expect(spoken.querySelector('bdi')?.textContent).toBe('Devon');
    expect(spoken.textContent).toBe(
      messages.he!.backchannel_spoken!.message.replace('{text}', text('he', 'si1', 'Devon')),
    );
  });

  it('German: the library lists the theme’s prompts with the chosen member’s name in <bdi>', async () => {
    speak('de');
    await act(() => render(h(PromptLibrary, { members }), dom.root));
    const theme = dom.root.querySelector<HTMLSelectElement>('#prompt-theme')!;
    expect([...theme.querySelectorAll('option')].map((o) => o.textContent)).toContain(
      messages.de!.promptText_themeHereAndNow!.message,
    );
    const who = dom.root.querySelector<HTMLSelectElement>('#prompt-member')!;
    who.querySelector<HTMLOptionElement>('option[value="m1"]')!.selected = true;
    await act(() => void who.dispatchEvent(new (dom.doc.defaultView as unknown as typeof globalThis).Event('change')));
    const items = [...dom.root.querySelectorAll('.prompts li')];
    expect(items.map((li) => li.textContent)).toContain(`„${text('de', 'hn2', 'Devon')}“`);
    expect(items.flatMap((li) => [...li.querySelectorAll('bdi')].map((b) => b.textContent))).toEqual(['Devon']);
  });
});
