/**
 * A real full disk for a browser profile: a small tmpfs mounted for the test,
 * which fill() packs with files until the kernel answers ENOSPC and free()
 * empties again. Chromium then fails its IndexedDB writes the way it does on
 * a user's full disk (LevelDB's FILE_ERROR_NO_SPACE), which
 * Storage.overrideQuotaForOrigin cannot produce for this extension: it holds
 * unlimitedStorage, and Chromium 156 let writes past an overridden quota
 * through even for a web origin.
 *
 * Mounting needs root (CI runs as root); elsewhere smallDisk() says why not
 * and the full-disk test is skipped. The mount is removed by unmount() and,
 * as a last resort, when the test process exits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../support/paths';

export interface SmallDisk {
  /** The mount point; put the browser profile under it. */
  dir: string;
  /** Writes filler files until the disk is full (again); returns how many bytes they took. */
  fill(): number;
  /** Deletes the filler. */
  free(): void;
  unmount(): void;
}

export function smallDisk(sizeMiB: number): SmallDisk | { unavailable: string } {
  if (process.getuid?.() !== 0) return { unavailable: 'mounting a small disk needs root' };
  const dir = makeTempDir('squircle-small-disk-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { unavailable: `mount -t tmpfs failed: ${(e as Error).message.split('\n')[0]}` };
  }
  const filler = join(dir, 'filler');
  let mounted = true;
  let round = 0;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    try {
      unmount();
    } catch {
      // Nothing more to do at exit.
    }
  });
  return {
    dir,
    fill() {
      mkdirSync(filler, { recursive: true });
      // A later call tops up: Chromium may free pages of its own after a failed write.
      round++;
      let bytes = 0;
      // Big pieces first, then pages, until even a page does not fit.
      for (const size of [1 << 20, 4096]) {
        for (let n = 0; ; n++) {
          try {
            writeFileSync(join(filler, `${round}-${size}-${n}`), Buffer.alloc(size, 1));
            bytes += size;
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
            rmSync(join(filler, `${round}-${size}-${n}`), { force: true });
            break;
          }
        }
      }
      return bytes;
    },
    free: () => rmSync(filler, { recursive: true, force: true }),
    unmount,
  };
}
