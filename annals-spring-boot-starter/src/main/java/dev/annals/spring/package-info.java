/**
 * Spring Boot auto-configuration for Annals: {@link dev.annals.spring.AnnalsAutoConfiguration} opens the
 * store from the {@code annals.*} properties ({@link dev.annals.spring.AnnalsProperties}), or on the
 * application's PostgreSQL {@code DataSource}; {@link dev.annals.spring.ManagedSubscription} beans start
 * and stop with the application context; {@link dev.annals.spring.AnnalsHealthIndicator} reports the
 * store and every managed subscription to Actuator.
 */
@NullMarked
package dev.annals.spring;

import org.jspecify.annotations.NullMarked;
