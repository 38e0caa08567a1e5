/** +3, 0, -2: how scores, changes and momentum are shown. */
export const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);
