package dev.annals.spring;

import dev.annals.Annals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code annals} health indicator, when Spring Boot's health support is on the class path (it comes with
 * the Actuator) and {@code management.health.annals.enabled} is not false.
 */
@AutoConfiguration(after = AnnalsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Annals.class)
@ConditionalOnEnabledHealthIndicator("annals")
public class AnnalsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "annalsHealthIndicator")
    public AnnalsHealthIndicator annalsHealthIndicator(Annals annals, ObjectProvider<ManagedSubscription> subscriptions) {
        return new AnnalsHealthIndicator(annals, subscriptions);
    }
}
