// core SecretStore -> SecretStorage (OS keychain); core StateStore -> globalState (pinned host keys).
import type * as vscode from 'vscode';
import type { SecretStore, StateStore } from '../../core/ports';

export function secretStoreAdapter(secrets: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => secrets.get(key),
    set: async (key, value) => secrets.store(key, value),
    delete: async (key) => secrets.delete(key),
  };
}

export function stateStoreAdapter(memento: vscode.Memento): StateStore {
  return {
    get: <T>(key: string) => memento.get<T>(key),
    update: async <T>(key: string, value: T | undefined) => memento.update(key, value),
  };
}
