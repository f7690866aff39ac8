// Writes policy/examples/<name>/ from policy/examples/<name>.json: each example
// policy in each platform's format, the files DEPLOYMENT.md links to. Run it
// after changing an example or a format:
//   npx vite-node test/unit/policy/write-examples.ts
// JSON goes through Prettier with the repository's settings, so the files stay
// as `npm run check` wants them; deployment-doc.test.ts checks they still match.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { EXAMPLE_NAMES, FORMATS, examplePath, rendered, type FormatName } from './deployment-formats';

for (const name of EXAMPLE_NAMES) {
  for (const f of Object.keys(FORMATS) as FormatName[]) {
    const path = examplePath(name, f);
    let text = rendered(name, f);
    if (path.endsWith('.json')) text = await format(text, { ...(await resolveConfig(path)), filepath: path });
    else if (!text.endsWith('\n')) text += f === 'windows-reg' ? '\r\n' : '\n';
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(path);
  }
}
