// The lint rules that keep each part of the extension in its room: an import across a
// boundary must be an error, and the same import inside a room must be allowed.
import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture lint rules', () => {
  const cases: [file: string, code: string][] = [
    ['ext/panel/x.ts', "import { startBackground } from '../background/main';\nexport const x = startBackground;"],
    ['ext/background/x.ts', "import { pageServices } from '../panel/services';\nexport const x = pageServices;"],
    ['ext/common/x.ts', "import { pageServices } from '../panel/services';\nexport const x = pageServices;"],
    ['ext/common/x.ts', "import { startBackground } from '../background/main';\nexport const x = startBackground;"],
    [
      'entrypoints/background.ts',
      "import { pageServices } from '../ext/panel/services';\nexport const x = pageServices;",
    ],
    [
      'entrypoints/sidepanel/x.tsx',
      "import { startBackground } from '../../ext/background/main';\nexport const x = startBackground;",
    ],
    ['crypto/x.ts', "import { SquircleDb } from '../storage/db';\nexport const x = SquircleDb;"],
    ['components/x.tsx', "import { pageServices } from '../ext/panel/services';\nexport const x = pageServices;"],
    ['storage/x.ts', "import { Button } from '../components/common/Button';\nexport const x = Button;"],
    ['calls/x.ts', "import { fieldCipher } from '../crypto';\nexport const x = fieldCipher;"],
  ];
  it.each(cases)('refuses the import across the boundary in %s', async (file, code) => {
    expect(await restricted(file, code)).toHaveLength(1);
  });

  it('allows shared code in both rooms', async () => {
    const code = "import { readSessionKey } from '../common/session-key';\nexport const x = readSessionKey;";
    expect(await restricted('ext/panel/x.ts', code)).toEqual([]);
    expect(await restricted('ext/background/x.ts', code)).toEqual([]);
  });
});
