// Types of the demo's answers module, for the type-checked tests.
export const ANSWERS: string[];
export function longAnswer(bytes: number): string;
export function tokenize(text: string): string[];
export function pickAnswer(question: string): string;
export const GENERAL_ANSWER: string;
export function pickTopic(question: string): { answer: string; keywords: string[]; stage?: Record<string, string> };
