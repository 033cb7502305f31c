import type { Keyring } from './keyring.js';

/*
 * MikroORM constructs custom types itself (`new EncryptedJsonType()` during
 * metadata discovery, no arguments, no access to our services), so the type
 * cannot be handed a keyring. Startup installs the keyring here once, before
 * the database is opened, and the type reads it at each conversion; a rotation
 * test or tool may install a new ring and the next conversion uses it.
 */
let installed: Keyring | undefined;

export function installKeyring(keyring: Keyring): void {
  installed = keyring;
}

export function currentKeyring(): Keyring {
  if (!installed) {
    throw new Error('no encryption keyring is installed: startCore (or the command-line tool) must call installKeyring before reading or writing encrypted columns');
  }
  return installed;
}
