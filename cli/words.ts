/**
 * `n` and a noun in the right number for the CLI's human-facing lines.
 *
 * @example plural(1, 'shot') // '1 shot'
 * @example plural(3, 'identity', 'identities') // '3 identities'
 */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
