/**
 * Master keys for crypto-shredding: the {@link dev.annals.keys.KeyProvider} an application supplies
 * to wrap the per-subject data keys that encrypt {@link dev.annals.PersonalData} values, and the
 * file-based default for embedded stores.
 */
@NullMarked
package dev.annals.keys;

import org.jspecify.annotations.NullMarked;
