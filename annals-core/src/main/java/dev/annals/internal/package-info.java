/** Implementation details shared by the modules of Annals; not API, may change without notice. */
@NullMarked
package dev.annals.internal;

import org.jspecify.annotations.NullMarked;
