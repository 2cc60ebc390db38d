import { rename, writeFile } from 'node:fs/promises';

/** Saves as vim, `sed -i` and many IDEs do: a new file renamed over the old one. */
export async function saveByRename(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp-save`, text);
  await rename(`${file}.tmp-save`, file);
}
