// npm run mutate [-- crypto|storage|<file.ts>...] [stryker options]
// No folder means both, one after the other. A file (crypto/strict.ts) mutates only that file.
import { spawnSync } from 'node:child_process';

const FOLDERS = ['crypto', 'storage'];
const args = process.argv.slice(2);
const targets = args.filter((a) => !a.startsWith('-') && (FOLDERS.includes(a) || /^(crypto|storage)\/.+\.ts$/.test(a)));
const rest = args.filter((a) => !targets.includes(a));

const runs = new Map();
for (const t of targets.length ? targets : FOLDERS) {
  const folder = t.split('/')[0];
  const files = runs.get(folder) ?? [];
  if (t !== folder) files.push(t);
  runs.set(folder, files);
}

let status = 0;
for (const [folder, files] of runs) {
  const mutate = files.length ? ['--mutate', files.join(',')] : [];
  console.log(`\n== Mutation testing ${files.length ? files.join(', ') : `${folder}/`} ==`);
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...mutate, ...rest], {
    stdio: 'inherit',
    env: { ...process.env, SQUIRCLE_MUTATE: folder },
  });
  status ||= r.status ?? 1;
}
process.exit(status);
