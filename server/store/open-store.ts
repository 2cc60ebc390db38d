import type { DataStore } from './data-store.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';

/** Where Gudang keeps its data: an SQLite file (the default) or a PostgreSQL database. */
export type StoreConfig = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/** Opens the store and brings its schema up to date. */
export async function openStore(config: StoreConfig): Promise<DataStore> {
  return config.engine === 'postgres' ? PostgresStore.open(config.url) : new SqliteStore(config.file);
}
