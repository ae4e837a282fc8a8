// Types of the shapes module, for the type-checked tests.
export const SHAPES: string[];
export function shape(name: string, size: number): string;
