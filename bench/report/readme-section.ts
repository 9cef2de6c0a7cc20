import { readFile, writeFile } from 'node:fs/promises';

export const BEGIN = '<!-- bench:latest:begin -->';
export const END = '<!-- bench:latest:end -->';

/** Replaces what lies between the markers in the file with `content`; the rest of the file is the author's. */
export async function rewriteSection(path: string, content: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${path} has no ${BEGIN} … ${END} section to rewrite`);
  await writeFile(path, `${text.slice(0, begin + BEGIN.length)}\n${content}\n${text.slice(end)}`);
}
