package io.smsbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's DataSource gets group commit when it is the embedded H2 file database (see H2GroupCommit), and
 * after a crash that database is checked before its first use (see H2CrashCheck).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    /**
     * Wraps the pool once it is made, and at the end closes it and marks the database closed cleanly. Spring destroys a
     * bean through its raw instance, never through what a post-processor returned, so the end is hooked here, before
     * Spring's own close of the pool (which then finds it closed).
     */
    @Bean
    static DestructionAwareBeanPostProcessor h2GroupCommit() {
        return new DestructionAwareBeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource pool) || bean instanceof GroupCommitDataSource) {
                    return bean;
                }
                if (pool instanceof HikariDataSource hikari) { // the pool opens no connection before its first use
                    H2CrashCheck.beforeFirstUse(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                }
                return new GroupCommitDataSource(pool);
            }

            @Override
            public boolean requiresDestruction(Object bean) {
                return bean instanceof HikariDataSource;
            }

            @Override
            public void postProcessBeforeDestruction(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari) {
                    hikari.close(); // closes the database too (the H2 URL has DB_CLOSE_ON_EXIT=FALSE)
                    H2CrashCheck.closedCleanly(hikari.getJdbcUrl());
                }
            }
        };
    }
}
