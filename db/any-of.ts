/**
 * `column = any($1::type[])`: a list of values as one array parameter. drizzle's `inArray` binds a parameter per
 * value, and building and binding hundreds of them (a feed's item keys, every feed's id for `status`) cost more
 * than the lookup itself.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export function anyOf(column: AnyColumn, values: number[]): SQL;
export function anyOf(column: AnyColumn, values: string[], type: 'text'): SQL;
export function anyOf(column: AnyColumn, values: number[] | string[], type: 'int' | 'text' = 'int'): SQL {
  return type === 'text' ? sql`${column} = any(${sql.param(values)}::text[])` : sql`${column} = any(${sql.param(values)}::int[])`;
}
