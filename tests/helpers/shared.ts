import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that read project files. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared` beside the checkout: real feed files used as test data (present on developer machines and in CI). */
export const SHARED_DIR = resolve(REPO_ROOT, '../shared');

/** True when ../shared/feeds exists; tests that need it skip with a notice otherwise. */
export const SHARED_FEEDS_AVAILABLE = existsSync(resolve(SHARED_DIR, 'feeds'));

if (!SHARED_FEEDS_AVAILABLE) {
  console.warn(`NOTICE: ${SHARED_DIR}/feeds not found; tests that need the shared real-feed corpus are skipped.`);
}

/** Path of one file in ../shared/feeds. */
export function sharedFeed(name: string): string {
  return resolve(SHARED_DIR, 'feeds', name);
}
