// Counted nouns in what the toolkit prints: "1 violation", "2 violations".

/** `count` and the noun, singular for one (`many` when the plural is not `one` + s). */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;
