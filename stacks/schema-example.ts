/**
 * The valid example every config field carries: `config-issues.ts` quotes it after a type error
 * ("e.g. azCount: 2").
 */
import type { z } from 'zod';

/** One valid value, quoted after a type error; JSON Schema's `examples`, so tools can read it too. */
export const example = <T extends z.ZodType>(schema: T, value: unknown): T => schema.meta({ examples: [value] });
