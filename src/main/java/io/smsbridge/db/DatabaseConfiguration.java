package io.smsbridge.db;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's DataSource gets group commit when it is the embedded H2 file database (see H2GroupCommit), and
 * after a crash that database is checked before its first use (see H2CrashCheck).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    @Bean
    static BeanPostProcessor h2GroupCommit() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource pool) || bean instanceof GroupCommitDataSource) {
                    return bean;
                }
                if (pool instanceof HikariDataSource hikari) { // the pool opens no connection before its first use
                    H2CrashCheck.beforeFirstUse(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                    return new GroupCommitDataSource(pool, () -> H2CrashCheck.closedCleanly(hikari.getJdbcUrl()));
                }
                return new GroupCommitDataSource(pool);
            }
        };
    }
}
