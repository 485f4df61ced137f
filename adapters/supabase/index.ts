/**
 * `cadlens/adapters/supabase`: the four cadlens stores on a Supabase project via its REST API
 * (`@supabase/supabase-js`, optional peer dependency; service-role key). Schema and RLS policies:
 * `supabase/migrations/`. See docs/adapters/supabase.md.
 *
 * @packageDocumentation
 * @module cadlens/adapters/supabase
 */
export { createSupabaseStores } from './supabase-stores.js';
export type { SupabaseStoresOptions, SupabaseClientLike, PostgrestBuilderLike } from './supabase-stores.js';
